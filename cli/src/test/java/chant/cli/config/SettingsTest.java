package chant.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path home;

    @Test
    void configPathIsChantConfigWhenSet() {
        assertEquals(Path.of("/etc/chant.properties"),
                Settings.configPath(Map.of("CHANT_CONFIG", "/etc/chant.properties")::get, home));
    }

    @Test
    void configPathDefaultsToTheUsersConfigFolder() {
        assertEquals(home.resolve(".config/chant/cli.properties"), Settings.configPath(Map.<String, String>of()::get, home));
    }

    @Test
    void loadsPropertiesAndToleratesAMissingFile() throws IOException {
        Path file = home.resolve("cli.properties");
        Files.writeString(file, "server=example:9000\n# comment\nproject = alpha\n");

        assertEquals("example:9000", Settings.load(file).getProperty("server"));
        assertEquals("alpha", Settings.load(file).getProperty("project"));
        assertTrue(Settings.load(home.resolve("missing.properties")).isEmpty());
    }

    @Test
    void anUnreadableFileIsAClearError() throws IOException {
        Path folder = Files.createDirectory(home.resolve("cli.properties"));

        CliException failure = assertThrows(CliException.class, () -> Settings.load(folder));

        assertTrue(failure.getMessage().startsWith("cannot read config file " + folder), failure.getMessage());
    }
}
