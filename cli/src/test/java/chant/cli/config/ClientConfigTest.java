package chant.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.CliException;
import chant.client.ServiceAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ClientConfigTest {

    @TempDir
    Path tmp;

    private static GlobalOptions flags(String server, String project, String tokenFile) {
        GlobalOptions flags = new GlobalOptions();
        flags.server = server;
        flags.project = project;
        flags.tokenFile = tokenFile;
        return flags;
    }

    private static Properties file(String server, String project, String token) {
        Properties file = new Properties();
        file.setProperty("server", server);
        file.setProperty("project", project);
        file.setProperty("token", token);
        return file;
    }

    private static final Map<String, String> ENV = Map.of(
            "CHANT_SERVER", "env-host:2", "CHANT_PROJECT", "env-project", "CHANT_TOKEN", "env-token");

    private static ClientConfig resolve(GlobalOptions flags, Map<String, String> env, Properties file) {
        return ClientConfig.resolve(flags, Settings.of(env, file));
    }

    private String tokenFile(String content) throws IOException {
        return Files.writeString(tmp.resolve("token"), content).toString();
    }

    private static String token(ClientConfig config) {
        return config.token().map(Token::value).orElse(null);
    }

    @Test
    void flagsWinOverEnvironmentAndFile() throws IOException {
        ClientConfig config = resolve(flags("flag-host:1", "flag-project", tokenFile("flag-token\n")), ENV,
                file("file-host:3", "file-project", "file-token"));

        assertEquals(new ServiceAddress("flag-host", 1), config.address(Service.SPEC));
        assertEquals(Optional.of("flag-project"), config.project());
        assertEquals("flag-token", token(config));
        assertEquals("--token-file " + tmp.resolve("token"), config.token().orElseThrow().source());
    }

    @Test
    void environmentWinsOverFile() {
        ClientConfig config = resolve(flags(null, null, null), ENV, file("file-host:3", "file-project", "file-token"));

        assertEquals(new ServiceAddress("env-host", 2), config.address(Service.SPEC));
        assertEquals(Optional.of("env-project"), config.project());
        assertEquals("env-token", token(config));
        assertEquals("$CHANT_TOKEN", config.token().orElseThrow().source());
    }

    @Test
    void fileWinsOverDefaults() {
        ClientConfig config = resolve(flags(null, null, null), Map.of(), file("file-host:3", "file-project", "file-token"));

        assertEquals(new ServiceAddress("file-host", 3), config.address(Service.SPEC));
        assertEquals(Optional.of("file-project"), config.project());
        assertEquals("file-token", token(config));
        assertEquals("token in the config file", config.token().orElseThrow().source());
    }

    @Test
    void defaultsAreLocalhostWithEachServicesPortNoTokenNoProjectAnd5Seconds() {
        ClientConfig config = resolve(flags(null, null, null), Map.of(), new Properties());

        assertEquals(new ServiceAddress("localhost", 8181), config.address(Service.SPEC));
        assertEquals(new ServiceAddress("localhost", 8182), config.address(Service.AGENT));
        assertEquals(new ServiceAddress("localhost", 8183), config.address(Service.MERGE));
        assertEquals(Optional.empty(), config.project());
        assertEquals(Optional.empty(), config.token());
        assertEquals(Duration.ofSeconds(5), config.timeout());
        CliException noToken = assertThrows(CliException.class, config::requireToken);
        assertEquals(14, noToken.exitCode());
        assertEquals("no token to send: set CHANT_TOKEN or token in the config file (chant token create makes one)",
                noToken.getMessage());
    }

    @Test
    void blankValuesCountAsNotSet() {
        ClientConfig config = resolve(flags(" ", "", null), Map.of("CHANT_SERVER", "", "CHANT_PROJECT", "  ",
                        "CHANT_TOKEN", " "), file("file-host:3", "file-project", ""));

        assertEquals(new ServiceAddress("file-host", 3), config.address(Service.SPEC));
        assertEquals(Optional.of("file-project"), config.project());
        assertEquals(Optional.empty(), config.token());
    }

    @Test
    void aTokenFileThatIsMissingOrEmptyIsAnErrorNotAFallBack() throws IOException {
        String missing = tmp.resolve("missing").toString();
        CliException unreadable = assertThrows(CliException.class, () -> resolve(flags(null, null, missing), ENV,
                new Properties()));
        CliException empty = assertThrows(CliException.class, () -> resolve(flags(null, null, tokenFile(" \n")), ENV,
                new Properties()));

        assertEquals(1, unreadable.exitCode());
        assertTrue(unreadable.getMessage().startsWith("cannot read the token file " + missing + " (--token-file)"),
                unreadable.getMessage());
        assertEquals(1, empty.exitCode());
        assertEquals("the token file " + tmp.resolve("token") + " (--token-file) is empty", empty.getMessage());
    }

    @Test
    void theTokenIsNeverInTheConfigsText() {
        ClientConfig config = resolve(flags(null, null, null), Map.of("CHANT_TOKEN", "s3cret-token"), new Properties());

        assertFalse(config.toString().contains("s3cret-token"), config.toString());
    }

    @Test
    void theFileIsNotReadWhenFlagsAndEnvironmentAnswer() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("CHANT_AGENT_SERVER", "a:1");
        env.put("CHANT_MERGE_SERVER", "m:1");
        env.put("CHANT_TIMEOUT", "3");
        Settings settings = new Settings(env::get, () -> {
            throw new AssertionError("the config file was read");
        }, Optional.empty());

        ClientConfig config = ClientConfig.resolve(flags(null, null, null), settings);

        assertTrue(config.project().isPresent());
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void eachServiceHasItsFlagThenEnvironmentThenFileThenDefault(Service service) {
        Properties file = new Properties();
        file.setProperty(service.fileKey(), "file-host");
        Map<String, String> env = Map.of(service.envVariable(), "env-host:7");
        GlobalOptions flags = flags(null, null, null);
        switch (service) {
            case SPEC -> flags.specServer = "flag-host:9";
            case AGENT -> flags.agentServer = "flag-host:9";
            case MERGE -> flags.mergeServer = "flag-host:9";
        }

        assertEquals(new ServiceAddress("flag-host", 9), resolve(flags, env, file).address(service));
        assertEquals(new ServiceAddress("env-host", 7), resolve(flags(null, null, null), env, file).address(service));
        assertEquals(new ServiceAddress("file-host", service.defaultPort()),
                resolve(flags(null, null, null), Map.of(), file).address(service));
        assertEquals(new ServiceAddress("localhost", service.defaultPort()),
                resolve(flags(null, null, null), Map.of(), new Properties()).address(service));
    }

    @Test
    void theSpecificSpecServiceSettingsWinOverTheGeneralOnesAtTheSameLevel() {
        GlobalOptions flags = flags("general:1", null, null);
        flags.specServer = "specific:1";
        Properties file = file("general:3", "p", "t");
        file.setProperty("spec.server", "specific:3");

        assertEquals(new ServiceAddress("specific", 1), resolve(flags, Map.of(), file).address(Service.SPEC));
        assertEquals(new ServiceAddress("specific", 2), resolve(flags(null, null, null),
                Map.of("CHANT_SERVER", "general:2", "CHANT_SPEC_SERVER", "specific:2"), file).address(Service.SPEC));
        assertEquals(new ServiceAddress("specific", 3), resolve(flags(null, null, null), Map.of(), file)
                .address(Service.SPEC));
        // The general flag still beats the specific environment variable: flags come first.
        assertEquals(new ServiceAddress("general", 1), resolve(flags("general:1", null, null),
                Map.of("CHANT_SPEC_SERVER", "specific:2"), new Properties()).address(Service.SPEC));
    }

    @Test
    void theGeneralServerSettingDoesNotMoveTheOtherServices() {
        ClientConfig config = resolve(flags("elsewhere:1", null, null), Map.of(), new Properties());

        assertEquals(new ServiceAddress("localhost", 8182), config.address(Service.AGENT));
        assertEquals(new ServiceAddress("localhost", 8183), config.address(Service.MERGE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "h:0         | invalid address 'h:0': expected HOST:PORT (agent-service address from $CHANT_AGENT_SERVER)",
            "h:x         | invalid address 'h:x': expected HOST:PORT (agent-service address from $CHANT_AGENT_SERVER)",
            "::1         | invalid address '::1': expected HOST:PORT (agent-service address from $CHANT_AGENT_SERVER)"})
    void anInvalidAddressIsAUsageErrorNamingWhereItCameFrom(String address, String message) {
        CliException failure = assertThrows(CliException.class,
                () -> resolve(flags(null, null, null), Map.of("CHANT_AGENT_SERVER", address), new Properties()));

        assertEquals(2, failure.exitCode());
        assertEquals(message, failure.getMessage());
    }

    @Test
    void anInvalidServerFlagNamesTheFlag() {
        CliException failure = assertThrows(CliException.class,
                () -> resolve(flags("a b", null, null), Map.of(), new Properties()));

        assertEquals(2, failure.exitCode());
        assertEquals("invalid address 'a b': expected HOST:PORT (spec-service address from --server)", failure.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1, PT1S", "0.25, PT0.25S", "30, PT30S"})
    void theTimeoutIsInSeconds(String text, Duration expected) {
        assertEquals(expected, resolve(flags(null, null, null), Map.of("CHANT_TIMEOUT", text), new Properties()).timeout());
    }

    @Test
    void theTimeoutComesFromTheFlagThenTheEnvironmentThenTheFile() {
        Properties file = new Properties();
        file.setProperty("timeout", "3");
        GlobalOptions flags = flags(null, null, null);
        flags.timeout = "1";

        assertEquals(Duration.ofSeconds(1), resolve(flags, Map.of("CHANT_TIMEOUT", "2"), file).timeout());
        assertEquals(Duration.ofSeconds(2), resolve(flags(null, null, null), Map.of("CHANT_TIMEOUT", "2"), file).timeout());
        assertEquals(Duration.ofSeconds(3), resolve(flags(null, null, null), Map.of(), file).timeout());
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "abc", "1e9", "0.0000000001"})
    void anInvalidTimeoutIsAUsageError(String text) {
        CliException failure = assertThrows(CliException.class,
                () -> resolve(flags(null, null, null), Map.of("CHANT_TIMEOUT", text), new Properties()));

        assertEquals(2, failure.exitCode());
        assertTrue(failure.getMessage().startsWith("invalid timeout '" + text + "'"), failure.getMessage());
    }
}
