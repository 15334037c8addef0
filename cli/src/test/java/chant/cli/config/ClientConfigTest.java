package chant.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

    private static GlobalOptions flags(String server, String project, String user) {
        GlobalOptions flags = new GlobalOptions();
        flags.server = server;
        flags.project = project;
        flags.user = user;
        return flags;
    }

    private static Properties file(String server, String project, String user) {
        Properties file = new Properties();
        file.setProperty("server", server);
        file.setProperty("project", project);
        file.setProperty("user", user);
        return file;
    }

    private static final Map<String, String> ENV = Map.of(
            "CHANT_SERVER", "env-host:2", "CHANT_PROJECT", "env-project", "CHANT_USER", "env-user");

    @Test
    void flagsWinOverEnvironmentAndFile() {
        ClientConfig config = ClientConfig.resolve(flags("flag-host:1", "flag-project", "flag-user"),
                Settings.of(ENV, file("file-host:3", "file-project", "file-user"), "os"));

        assertEquals(new ServerAddress("flag-host", 1), config.server());
        assertEquals(Optional.of("flag-project"), config.project());
        assertEquals("flag-user", config.user());
    }

    @Test
    void environmentWinsOverFile() {
        ClientConfig config = ClientConfig.resolve(flags(null, null, null),
                Settings.of(ENV, file("file-host:3", "file-project", "file-user"), "os"));

        assertEquals(new ServerAddress("env-host", 2), config.server());
        assertEquals(Optional.of("env-project"), config.project());
        assertEquals("env-user", config.user());
    }

    @Test
    void fileWinsOverDefaults() {
        ClientConfig config = ClientConfig.resolve(flags(null, null, null),
                Settings.of(Map.of(), file("file-host:3", "file-project", "file-user"), "os"));

        assertEquals(new ServerAddress("file-host", 3), config.server());
        assertEquals(Optional.of("file-project"), config.project());
        assertEquals("file-user", config.user());
    }

    @Test
    void defaultsAreLocalhostTheOsUserAndNoProject() {
        ClientConfig config = ClientConfig.resolve(flags(null, null, null),
                Settings.of(Map.of(), new Properties(), "os"));

        assertEquals(new ServerAddress("localhost", 8181), config.server());
        assertEquals(Optional.empty(), config.project());
        assertEquals("os", config.user());
    }

    @Test
    void blankValuesCountAsNotSet() {
        ClientConfig config = ClientConfig.resolve(flags(" ", "", null),
                Settings.of(Map.of("CHANT_SERVER", "", "CHANT_PROJECT", "  "),
                        file("file-host:3", "file-project", ""), "os"));

        assertEquals(new ServerAddress("file-host", 3), config.server());
        assertEquals(Optional.of("file-project"), config.project());
        assertEquals("os", config.user());
    }

    @Test
    void theFileIsNotReadWhenFlagsAndEnvironmentAnswer() {
        Settings settings = new Settings(ENV::get, () -> {
            throw new AssertionError("the config file was read");
        }, "os");

        ClientConfig config = ClientConfig.resolve(flags(null, null, null), settings);

        assertTrue(config.project().isPresent());
    }
}
