package chant.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluralTest {

    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("0 specs", Plural.of(0, "spec"));
        assertEquals("1 spec", Plural.of(1, "spec"));
        assertEquals("2 specs", Plural.of(2, "spec"));
        assertEquals("1 file was", Plural.of(1, "file was", "files were"));
        assertEquals("3 files were", Plural.of(3, "file was", "files were"));
    }
}
