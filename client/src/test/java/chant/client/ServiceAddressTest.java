package chant.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceAddressTest {

    @ParameterizedTest
    @CsvSource({
        "localhost:9000, localhost, 9000",
        "localhost, localhost, 8181",
        "  example.org:1  , example.org, 1",
        "[::1]:8182, ::1, 8182",
        "[::1], ::1, 8181",
        "10.0.0.7:65535, 10.0.0.7, 65535",
    })
    void parsesHostAndPort(String text, String host, int port) {
        assertEquals(new ServiceAddress(host, port), ServiceAddress.parse(text, 8181));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":80", "host:0", "host:65536", "host:x", "::1", "[::1", "[::1]x", "a b:1"})
    void refusesWhatIsNoAddress(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceAddress.parse(text, 8181));
        assertTrue(e.getMessage().contains("HOST:PORT"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8181", "[::1]:9", "svc.ns.svc:443"})
    void printsWhatItParsed(String text) {
        assertEquals(text, ServiceAddress.parse(text, 1).toString());
    }
}
