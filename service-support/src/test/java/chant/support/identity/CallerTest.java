package chant.support.identity;

import chant.support.failure.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerTest {

    @Test
    void noNameIsAnonymous() {
        assertTrue(Caller.named(null).anonymous());
        assertTrue(Caller.named("").anonymous());
        assertFalse(Caller.named("alice").anonymous());
    }

    @Test
    void namesAreKeptExactly() {
        assertEquals("Zoë", Caller.named("Zoë").name());
    }

    @Test
    void namesThatOnlyDifferInCaseOrUnicodeFormAreTheSamePerson() {
        assertTrue(Caller.named("alice").sameAs("ALICE"));
        assertTrue(Caller.named("Zo\u00eb").sameAs("Zoe\u0308"));
        assertFalse(Caller.named("alice").sameAs("bob"));
        assertFalse(Caller.named("alice").sameAs(null));
    }

    @Test
    void blanksAroundAndControlCharactersAreRefused() {
        assertThrows(InvalidRequestException.class, () -> Caller.named(" alice"));
        assertThrows(InvalidRequestException.class, () -> Caller.named("alice\t"));
        assertThrows(InvalidRequestException.class, () -> Caller.named("al\u0000ice"));
        assertThrows(InvalidRequestException.class, () -> Caller.named("a".repeat(Caller.MAX_NAME + 1)));
    }
}
