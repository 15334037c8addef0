package chant.agent.cleanup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kept checkouts' names, the ids clients may give, and what removing one loses, in words. */
class CheckoutNamesTest {

    @Test
    void theNameGivesTheTimeAndWithTheSpecIdsTheProjectAndSpec() {
        String name = "chant-kv-store-2026-12-04-001-p4u-20261204-033012-345";

        assertEquals(Optional.of(Instant.parse("2026-12-04T03:30:12.345Z")), CheckoutNames.keptAt(name));
        assertEquals(Optional.of(Instant.parse("2026-12-04T03:30:12.345Z")), CheckoutNames.keptAt(name + "-2"));
        assertArrayEquals(new String[] {"kv-store", "2026-12-04-001-p4u"},
                CheckoutNames.projectAndSpec(name, List.of("2026-12-04-001-p4u")).orElseThrow());
        assertEquals(Optional.empty(), CheckoutNames.projectAndSpec(name, List.of("other")));
        assertEquals(Optional.empty(), CheckoutNames.keptAt("notes"));
    }

    @Test
    void anIdIsOnePlainDirectoryName() {
        assertTrue(CheckoutNames.validId("chant-kv-s-20261204-033012-345"));
        assertFalse(CheckoutNames.validId("../cache"));
        assertFalse(CheckoutNames.validId("/etc"));
        assertFalse(CheckoutNames.validId(".removing-x"));
        assertFalse(CheckoutNames.validId("a/b"));
        assertFalse(CheckoutNames.validId("a..b"));
        assertFalse(CheckoutNames.validId(""));
        assertFalse(CheckoutNames.validId(null));
    }

    @Test
    void theLossIsNamed() {
        assertEquals("nothing (its work is on the remote)", checkout(0, 0, "").loss());
        assertTrue(checkout(0, 0, "").safeToRemove());
        assertEquals("3 uncommitted files, 1 unpushed commit", checkout(3, 1, "").loss());
        assertEquals("1 uncommitted file, unpushed commits (not counted) (the remote could not be reached)",
                checkout(1, -1, "the remote could not be reached").loss());
        assertFalse(checkout(0, -1, "x").safeToRemove(), "unknown is never safe");
    }

    private static KeptCheckout checkout(int uncommitted, int unpushed, String problem) {
        return new KeptCheckout("id", Path.of("/w/kept/id"), "kv", "s", 0, Instant.EPOCH, 10, "chant/s", "abc",
                uncommitted, unpushed, problem);
    }
}
