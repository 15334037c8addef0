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
}
