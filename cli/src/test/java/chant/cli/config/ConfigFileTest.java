package chant.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing the token into the config file: only that key changes, and the file is the owner's only. */
class ConfigFileTest {

    @TempDir
    Path tmp;

    @Test
    void theFirstLineSettingTheKeyIsReplacedLaterOnesDroppedTheRestKept() {
        assertEquals(List.of("# token=in a comment", "token=new", "tokens=other", "project=web"),
                ConfigFile.withKey(List.of("# token=in a comment", "  token : old", "tokens=other", "token=older",
                        "project=web"), "token", "new"));
        assertEquals(List.of("project=web", "token=new"), ConfigFile.withKey(List.of("project=web"), "token", "new"));
    }

    @Test
    void aLineThatContinuesTheOneBeforeIsNotAKey() {
        assertEquals(List.of("description=a \\", "token=not a key", "token=new"),
                ConfigFile.withKey(List.of("description=a \\", "token=not a key"), "token", "new"));
    }

    @Test
    void theWrittenFileReadsBackAsPropertiesAndIsTheOwnersOnly() throws IOException {
        Path file = tmp.resolve("cli.properties");
        Files.writeString(file, "project=web\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        ConfigFile.set(file, "token", "eyJ.abc.def");

        Properties read = Settings.load(file);
        assertEquals("eyJ.abc.def", read.getProperty("token"));
        assertEquals("web", read.getProperty("project"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aValueThatPropertiesWouldReadDifferentlyIsRefused() {
        CliException failure = assertThrows(CliException.class,
                () -> ConfigFile.set(tmp.resolve("cli.properties"), "token", "two words"));

        assertTrue(failure.getMessage().startsWith("cannot save a value with blanks"), failure.getMessage());
        assertTrue(Files.notExists(tmp.resolve("cli.properties")));
    }

    @Test
    void aFolderWhereTheFileShouldBeIsReportedBeforeAnythingIsMade() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("cli.properties"));
        Path underAFile = Files.writeString(tmp.resolve("plain"), "x").resolve("cli.properties");

        CliException isFolder = assertThrows(CliException.class, () -> ConfigFile.checkWritable(folder));
        CliException notAFolder = assertThrows(CliException.class, () -> ConfigFile.checkWritable(underAFile));

        assertEquals("cannot write the config file " + folder + ": it is a folder", isFolder.getMessage());
        assertEquals("cannot write the config file " + underAFile + ": " + tmp.resolve("plain") + " is not a folder",
                notAFolder.getMessage());
        ConfigFile.checkWritable(tmp.resolve("new/folder/cli.properties"));
    }
}
