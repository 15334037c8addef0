package chant.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CallerMetadataTest {

    @Test
    void asciiNamesTravelAsTheyAre() {
        assertEquals("alice", CallerMetadata.encode("alice"));
        assertEquals("bot@ci.example", CallerMetadata.encode("bot@ci.example"));
        assertEquals("alice", CallerMetadata.decode("alice"));
    }

    @Test
    void unicodeNamesArePercentEncodedUtf8() {
        assertEquals("Zo%C3%AB", CallerMetadata.encode("Zoë"));
        assertEquals("Zoë", CallerMetadata.decode("Zo%C3%AB"));
        assertEquals("Zoë", CallerMetadata.decode("Zo%c3%ab"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zoë", "李雷", "a b", "100%", "Ünïcødé 🎉", "x\u0001y"})
    void encodeThenDecodeGivesTheName(String name) {
        String encoded = CallerMetadata.encode(name);
        assertEquals(true, encoded.chars().allMatch(c -> c > 0x20 && c < 0x7f), encoded);
        assertEquals(name, CallerMetadata.decode(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"50%", "%4", "%zz", "%C3", "%FF%FE"})
    void malformedValuesAreRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> CallerMetadata.decode(value));
    }
}
