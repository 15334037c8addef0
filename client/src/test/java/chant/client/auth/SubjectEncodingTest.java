package chant.client.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SubjectEncodingTest {

    @Test
    void asciiNamesTravelAsTheyAre() {
        assertEquals("alice", SubjectEncoding.encode("alice"));
        assertEquals("bot@ci.example", SubjectEncoding.encode("bot@ci.example"));
        assertEquals("alice", SubjectEncoding.decode("alice"));
    }

    @Test
    void unicodeNamesArePercentEncodedUtf8() {
        assertEquals("Zo%C3%AB", SubjectEncoding.encode("Zoë"));
        assertEquals("Zoë", SubjectEncoding.decode("Zo%C3%AB"));
        assertEquals("Zoë", SubjectEncoding.decode("Zo%c3%ab"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zoë", "李雷", "a b", "100%", "Ünïcødé 🎉", "x\u0001y"})
    void encodeThenDecodeGivesTheName(String name) {
        String encoded = SubjectEncoding.encode(name);
        assertEquals(true, encoded.chars().allMatch(c -> c > 0x20 && c < 0x7f), encoded);
        assertEquals(name, SubjectEncoding.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"50%", "%4", "%zz", "%C3", "%FF%FE"})
    void malformedValuesAreRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> SubjectEncoding.decode(value));
    }
}
