package chant.cli.spec;

import chant.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a spec's body comes from: {@code --body-file FILE} or {@code --body TEXT}, and
 * {@code -} for standard input with either. Used as an exclusive argument group.
 */
public final class BodyOption {

    @Option(names = "--body-file", paramLabel = "FILE",
            description = "Read the markdown body (what follows the title) from FILE; '-' reads standard input.")
    String file;

    @Option(names = "--body", paramLabel = "TEXT",
            description = "The markdown body (what follows the title); '-' reads standard input.")
    String text;

    /** The body text; reads the file or standard input. */
    public String read(InputStream stdin) {
        try {
            if ("-".equals(file) || "-".equals(text)) {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (file != null) {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8);
            }
            return text;
        } catch (NoSuchFileException e) {
            throw CliException.failed("no such file: " + file, e);
        } catch (IOException e) {
            throw CliException.failed("cannot read the body from " + (file == null ? "standard input" : file)
                    + ": " + e.getMessage(), e);
        }
    }
}
