package chant.support.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git as the platform runs it, with real git. */
class GitTest {

    @TempDir
    Path dir;

    /**
     * Objects of another repository are read for one command through the environment: the other
     * repository's commit can be named, and the repository itself records nothing of it.
     */
    @Test
    void variablesGivenForCommandsReachGitAndStayWithThem() throws Exception {
        Git git = Git.onPath();
        Path mine = dir.resolve("mine");
        Path other = dir.resolve("other");
        git.run(dir, "init", "-q", mine.toString());
        git.run(dir, "init", "-q", other.toString());
        Files.writeString(other.resolve("a.txt"), "a\n");
        git.run(other, "add", "a.txt");
        git.run(other, "commit", "-q", "-m", "a");
        String commit = git.run(other, "rev-parse", "HEAD");

        Git reading = git.withEnvironment(Map.of("GIT_ALTERNATE_OBJECT_DIRECTORIES",
                other.resolve(".git/objects").toString()));

        assertEquals("commit", reading.run(mine, "cat-file", "-t", commit));
        assertTrue(git.tryRun(mine, java.util.List.of("cat-file", "-e", commit), Git.DEFAULT_LIMIT).exitCode() != 0,
                "without the variable the commit is unknown: nothing was recorded");
        assertEquals("chant <chant@localhost>", git.withEnvironment(Map.of("GIT_AUTHOR_DATE", "@0 +0000"))
                .run(mine, "var", "GIT_AUTHOR_IDENT").replace(" 0 +0000", ""), "the platform's identity stays");
    }
}
