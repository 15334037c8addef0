package chant.agent.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reading files an agent could have tampered with. A path must be relative, must not climb, and no
 * part of it may be a symbolic link: an agent that replaced its spec file with a link to a file of
 * the host gets a refusal, not that file.
 */
public final class InsideFiles {

    private InsideFiles() {
    }

    /** The file at {@code relative} under {@code root}, checked as above; throws with the reason otherwise. */
    public static Path resolve(Path root, String relative) throws IOException {
        Path rel = Path.of(relative);
        if (rel.isAbsolute() || relative.isBlank()) {
            throw new IOException(relative + " is not a relative path");
        }
        Path current = root;
        for (Path part : rel) {
            String name = part.toString();
            if (name.equals("..") || name.equals(".")) {
                throw new IOException(relative + " climbs out of the worktree");
            }
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new IOException(relative + " goes through a symbolic link (" + root.relativize(current) + ")");
            }
        }
        return current;
    }

    /**
     * The text of a regular file inside {@code root}, at most {@code maxBytes} (a longer file is an
     * error, not cut silently).
     */
    public static String readText(Path root, String relative, int maxBytes) throws IOException {
        Path file = resolve(root, relative);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(relative + " is missing or not a regular file");
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException(relative + " is larger than " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
