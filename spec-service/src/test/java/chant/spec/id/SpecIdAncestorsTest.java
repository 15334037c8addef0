package chant.spec.id;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecIdAncestorsTest {

    @Test
    void areTheDriversUpToTheBase() {
        assertEquals(List.of(SpecId.of("2026-01-22-001-x7m.2"), SpecId.of("2026-01-22-001-x7m")),
                SpecId.of("2026-01-22-001-x7m.2.1").ancestors());
    }

    @Test
    void areEmptyForABaseId() {
        assertEquals(List.of(), SpecId.of("2026-01-22-001-x7m").ancestors());
    }
}
