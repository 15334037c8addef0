package chant.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real git repositories for the agent tests: git as a process, argument lists, a fixed identity. */
public final class GitRepositories {

    private GitRepositories() {
    }

    /**
     * A repository at {@code root/clone} with one commit on {@code main}, and a linked worktree at
     * {@code root/<worktreeName>} on a new {@code branch}; returns the worktree.
     */
    public static Path linkedWorktree(Path root, String worktreeName, String branch) throws IOException, InterruptedException {
        Path repository = Files.createDirectories(root.resolve("clone"));
        git(repository, "init", "-q", "-b", "main");
        Files.writeString(repository.resolve("README.md"), "kv store\n");
        git(repository, "add", "README.md");
        git(repository, "commit", "-q", "-m", "initial");
        Path worktree = root.resolve(worktreeName);
        git(repository, "worktree", "add", "-q", "-b", branch, worktree.toString());
        return worktree;
    }

    /**
     * A bare repository under {@code dir} with one commit on {@code main} (a README), made through a
     * throw-away clone: a project's remote. Each call makes a new one.
     */
    public static Path remoteWithMain(Path dir) throws IOException, InterruptedException {
        String unique = Long.toString(System.nanoTime());
        Path seed = Files.createDirectories(dir.resolve("seed-" + unique));
        git(seed, "init", "-q", "-b", "main");
        Files.writeString(seed.resolve("README.md"), "kv store\n");
        git(seed, "add", "README.md");
        git(seed, "commit", "-q", "-m", "initial");
        Path remote = dir.resolve("remote-" + unique + ".git");
        git(dir, "clone", "-q", "--bare", seed.toString(), remote.toString());
        return remote;
    }

    /** Runs git in {@code directory}; fails the test when it fails; returns what it printed. */
    public static String git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@chant.invalid",
                "-C", directory.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }
}
