package chant.cli.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.transfer.ChantFolder.LocalFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChantFolderTest {

    @TempDir
    Path repo;

    private void write(Path folder, String path) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, path);
    }

    @Test
    void usesTheChantFolderOfARepositoryAndSortsSlashSeparatedPaths() throws IOException {
        Path chant = repo.resolve(".chant");
        write(chant, "specs/b.md");
        write(chant, "archive/2026-01/a.md");
        write(chant, "config.md");
        write(repo, "README.md");

        ChantFolder folder = ChantFolder.scan(repo);

        assertEquals(chant, folder.root());
        assertEquals(List.of("archive/2026-01/a.md", "config.md", "specs/b.md"),
                folder.files().stream().map(LocalFile::path).toList());
        assertEquals(chant.resolve("specs/b.md"), folder.files().get(2).file());
    }

    @Test
    void leavesOutHiddenFilesAndFolders() throws IOException {
        write(repo, "specs/a.md");
        write(repo, ".gitignore");
        write(repo, ".store/x.md");
        write(repo, "specs/.a.md.swp");

        ChantFolder folder = ChantFolder.scan(repo);

        assertEquals(repo, folder.root());
        assertEquals(List.of("specs/a.md"), folder.files().stream().map(LocalFile::path).toList());
        assertEquals(3, folder.hidden());
    }
}
