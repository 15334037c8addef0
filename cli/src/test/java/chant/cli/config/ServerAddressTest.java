package chant.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

    @ParameterizedTest
    @CsvSource({
        "localhost:8181, localhost, 8181",
        "spec.internal:9000, spec.internal, 9000",
        "127.0.0.1:1, 127.0.0.1, 1",
        "'[::1]:9090', ::1, 9090",
        "example, example, 8181",
        "'[::1]', ::1, 8181",
    })
    void parses(String text, String host, int port) {
        assertEquals(new ServerAddress(host, port), ServerAddress.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {":8181", "host:0", "host:65536", "host:http", "::1", "[::1", "[::1]x", "my host:1"})
    void refusesMalformedAddressesAsUsageErrors(String text) {
        CliException failure = assertThrows(CliException.class, () -> ServerAddress.parse(text));

        assertEquals(ExitCodes.USAGE, failure.exitCode());
        assertEquals("invalid server address '" + text + "': expected HOST:PORT", failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8181", "[::1]:9090"})
    void printsAsParsed(String text) {
        assertEquals(text, ServerAddress.parse(text).toString());
    }
}
