package chant.agent.secret;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedactorTest {

    @Test
    void replacesEveryOccurrenceLongestFirst() {
        Redactor redactor = new Redactor(List.of(Secret.of("sk-ant-abcdefgh"), Secret.of("sk-ant-abcdefgh-longer")));

        assertEquals("a [redacted] b [redacted] c", redactor.redact("a sk-ant-abcdefgh b sk-ant-abcdefgh-longer c"));
    }

    @Test
    void aSecretPrintsAsAPlaceholder() {
        assertEquals("[secret]", Secret.of("sk-ant-abcdefgh").toString());
        assertEquals("key=[secret]", "key=" + Secret.of("sk-ant-abcdefgh"));
        assertThrows(IllegalArgumentException.class, () -> Secret.of("  "));
    }

    @Test
    void tooShortValuesAreNotRedactedWordByWord() {
        assertEquals("the cat", new Redactor(List.of(Secret.of("cat"))).redact("the cat"));
    }

    /** A run's token at the end of a long line is cut with the line before it is stored: the beginning left must go too. */
    @Test
    void aTokenCutShortIsRedactedToo() {
        String token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJydW46NDIifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
        Redactor redactor = new Redactor(List.of(Secret.of("sk-ant-abcdefgh"))).alsoCutShort(Secret.of(token));

        assertEquals("whole [redacted] here", redactor.redact("whole " + token + " here"));
        assertEquals("cut [redacted]…", redactor.redact("cut " + token.substring(0, 40) + "…"));
        assertEquals("two [redacted] and [redacted]x", redactor.redact("two " + token + " and " + token.substring(0, 30) + "x"));
        assertEquals("key [redacted]", redactor.redact("key sk-ant-abcdefgh"), "the other secrets still count");
        assertEquals("a short beginning " + token.substring(0, 10) + " stays", redactor.redact("a short beginning "
                + token.substring(0, 10) + " stays"));
    }
}
