package chant.spec.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.spec.transfer.ChantFolder.ConfigEntry;
import chant.spec.transfer.ChantFolder.DocumentEntry;
import chant.spec.transfer.ChantFolder.SpecEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChantFolderTest {

    @Test
    void aFileInSpecsIsAnActiveSpecNamedByItsStem() {
        assertEquals(new SpecEntry("2026-01-22-001-x7m.10", false, ""),
                ChantFolder.classify("specs/2026-01-22-001-x7m.10.md"));
    }

    @Test
    void aFileInASubfolderOfSpecsIsASpecToo() {
        assertEquals(new SpecEntry("b", false, ""), ChantFolder.classify("specs/a/b.md"));
    }

    @Test
    void aFileInArchiveIsAnArchivedSpecWithItsFolder() {
        assertEquals(new SpecEntry("001-comprehension", true, "001-compre"),
                ChantFolder.classify("archive/001-compre/001-comprehension.md"));
        assertEquals(new SpecEntry("x", true, "2026/01"), ChantFolder.classify("archive/2026/01/x.md"));
        assertEquals(new SpecEntry("x", true, ""), ChantFolder.classify("archive/x.md"));
    }

    @Test
    void configMdAtTheTopIsTheConfig() {
        assertEquals(new ConfigEntry(), ChantFolder.classify("config.md"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"research/issue-42.md", "context/kpi/metrics.md", "prompts/standard.md",
            "specs/notes.txt", "specs", "archive", "specs.md", "docs/config.md", "README.md", ".gitignore",
            "archive/x.MD", "myspecs/a.md"})
    void everythingElseIsADocument(String path) {
        assertEquals(new DocumentEntry(path), ChantFolder.classify(path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/specs/a.md          | is absolute",
            "C:/specs/a.md        | is absolute",
            "specs\\a.md          | has a backslash",
            "specs/../../etc.md   | has a '..' segment",
            "../config.md         | has a '..' segment",
            "specs/./a.md         | has a '.' segment",
            "specs//a.md          | has an empty segment",
            "specs/               | has an empty segment",
            "''                   | has an empty segment"})
    void pathsThatCouldPointElsewhereAreRefused(String path, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChantFolder.classify(path));

        assertTrue(e.getMessage().startsWith("path '" + path + "' " + reason), e.getMessage());
    }

    @Test
    void specPathIsWhereClassifyFindsTheSpec() {
        for (SpecEntry entry : new SpecEntry[] {new SpecEntry("2026-01-22-001-x7m.2", false, ""),
                new SpecEntry("2026-01-22-001-x7m", true, "2026-02-01"), new SpecEntry("x", true, "a/b"),
                new SpecEntry("y", true, "")}) {
            String path = ChantFolder.specPath(entry.id(), entry.archived(), entry.archiveFolder());

            assertEquals(entry, ChantFolder.classify(path), path);
        }
    }

    @Test
    void specPathWritesChantsLayout() {
        assertEquals("specs/2026-01-22-001-x7m.md", ChantFolder.specPath("2026-01-22-001-x7m", false, null));
        assertEquals("archive/2026-02-01/a.md", ChantFolder.specPath("a", true, "2026-02-01"));
        assertEquals("archive/a.md", ChantFolder.specPath("a", true, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", ".hidden", ""})
    void specPathRefusesIdsThatAreNotPlainStems(String id) {
        assertThrows(IllegalArgumentException.class, () -> ChantFolder.specPath(id, false, ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "a/../..", "/abs", "a//b", "a\\b", "a/"})
    void specPathRefusesArchiveFoldersThatCouldPointElsewhere(String folder) {
        assertThrows(IllegalArgumentException.class, () -> ChantFolder.specPath("x", true, folder));
    }

    @Test
    void anActiveSpecHasNoArchiveFolder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChantFolder.specPath("x", false, "2026-02-01"));

        assertEquals("spec 'x' is not archived, so it has no archive folder, but '2026-02-01' was given",
                e.getMessage());
    }
}
