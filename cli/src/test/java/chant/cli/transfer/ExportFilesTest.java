package chant.cli.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportFilesTest {

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "..", "../x.md", "specs/../../x.md", "specs/..", "/etc/passwd", "\\x.md",
        "specs\\..\\..\\x.md", "C:/x.md", "c:x.md", "a\0b"})
    void refusesPathsThatAreEmptyAbsoluteOrClimbOut(String path) {
        assertEquals(Optional.empty(), ExportFiles.resolve(root, path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.md", "specs/2026-01-22-001-x7m.md", "archive/2026-01/a.md", "research/a..b.md",
        "./specs/a.md"})
    void resolvesRelativePathsUnderTheRoot(String path) {
        Optional<Path> target = ExportFiles.resolve(root, path);

        assertTrue(target.isPresent(), path);
        assertEquals(root.toAbsolutePath().normalize().resolve(path).normalize(), target.get());
    }

    @Test
    void writesAtomicallyCreatingFoldersAndReplacing() throws IOException {
        Path target = root.resolve("a/b/c.md");

        ExportFiles.writeAtomically(target, "one".getBytes());
        ExportFiles.writeAtomically(target, "two".getBytes());

        assertEquals("two", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }
}
