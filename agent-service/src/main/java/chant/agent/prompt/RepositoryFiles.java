package chant.agent.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files of the repository a prompt may include, confined to it: a path must be relative, may not
 * climb ({@code ..}), and may not lead out of the repository through a symlink (its real path must
 * lie inside the repository's real path). What cannot be included is said, not thrown: the prompt
 * names the file and why.
 */
final class RepositoryFiles {

    /** The most of one file a prompt includes. */
    static final int INCLUDE_LIMIT = 64 * 1024;
    /** How much is looked at to tell a binary file (a NUL byte) from text. */
    private static final int BINARY_PROBE = 8 * 1024;

    /**
     * One file as the prompt gets it.
     *
     * @param path    the path as the spec wrote it
     * @param text    its text (up to {@link #INCLUDE_LIMIT} bytes), when it could be included
     * @param problem why it was not included, when it was not
     * @param size    its size in bytes (0 when not included)
     */
    record Included(String path, Optional<String> text, Optional<String> problem, long size) {

        boolean cut() {
            return size > INCLUDE_LIMIT;
        }
    }

    private final Path root;

    RepositoryFiles(Path repositoryRoot) {
        try {
            this.root = repositoryRoot.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("the repository " + repositoryRoot + " cannot be read", e);
        }
    }

    /** The repository's real path. */
    Path root() {
        return root;
    }

    /** Whether {@code path} exists and its real path lies inside the repository. */
    boolean isInside(Path path) {
        try {
            return path.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /** The file at {@code path}, or why it may not or cannot be read. */
    Included include(String path) {
        Lookup lookup = lookup(path);
        if (lookup.problem().isPresent()) {
            return new Included(path, Optional.empty(), lookup.problem(), 0);
        }
        Path file = lookup.file().orElseThrow();
        try {
            long size = Files.size(file);
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(INCLUDE_LIMIT);
            }
            for (int i = 0; i < Math.min(bytes.length, BINARY_PROBE); i++) {
                if (bytes[i] == 0) {
                    return new Included(path, Optional.empty(), Optional.of("a binary file (" + size + " bytes)"), 0);
                }
            }
            return new Included(path, Optional.of(utf8(bytes, size > bytes.length)), Optional.empty(), size);
        } catch (IOException e) {
            return new Included(path, Optional.empty(), Optional.of("it cannot be read (" + e.getClass().getSimpleName() + ")"), 0);
        }
    }

    /** The text of a file that must lie inside the repository, if it exists; its problem if it is refused. */
    Lookup lookup(String path) {
        if (path == null || path.isBlank()) {
            return Lookup.refused("an empty path");
        }
        if (path.startsWith("/") || path.startsWith("~")) {
            return Lookup.refused("absolute paths are refused: name a file inside the repository");
        }
        Path relative;
        try {
            relative = Path.of(path);
        } catch (InvalidPathException e) {
            return Lookup.refused("not a path (" + e.getReason() + ")");
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                return Lookup.refused("paths that climb out of the repository (..) are refused");
            }
        }
        Path file = root.resolve(relative).normalize();
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            return notThere(file);
        } catch (IOException e) {
            return Lookup.missing("it cannot be resolved (" + e.getClass().getSimpleName() + ")");
        }
        if (!real.startsWith(root)) {
            return Lookup.refused("it leads outside the repository through a symlink");
        }
        if (Files.isDirectory(real)) {
            return Lookup.missing("a directory, not a file");
        }
        return new Lookup(Optional.of(real), Optional.empty(), false);
    }

    /** Why a path that does not resolve is not there: missing, a dangling symlink, or a way out of the repository. */
    private Lookup notThere(Path file) {
        if (Files.isSymbolicLink(file)) {
            return Lookup.missing("a symlink to a file that does not exist");
        }
        Path existing = file.getParent();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing != null && !existing.toRealPath().startsWith(root)) {
                return Lookup.refused("it leads outside the repository through a symlink");
            }
        } catch (IOException e) {
            return Lookup.missing("no such file in the repository (a symlink on the way leads nowhere)");
        }
        return Lookup.missing("no such file in the repository");
    }

    /**
     * Where a path leads: a readable file inside the repository, or why not.
     *
     * @param missing whether the problem is only that the file is not there (not a refusal)
     */
    record Lookup(Optional<Path> file, Optional<String> problem, boolean missing) {

        static Lookup refused(String why) {
            return new Lookup(Optional.empty(), Optional.of(why), false);
        }

        static Lookup missing(String why) {
            return new Lookup(Optional.empty(), Optional.of(why), true);
        }
    }

    /** The bytes as UTF-8 (malformed sequences replaced); when cut, without a character cut in half at the end. */
    private static String utf8(byte[] bytes, boolean cut) {
        int length = bytes.length;
        if (cut) {
            // The last character's lead byte: step back over at most three continuation bytes (10xxxxxx).
            int lead = length - 1;
            while (lead > 0 && length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
                lead--;
            }
            int first = bytes[lead] & 0xFF;
            int needed = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
            if (length - lead < needed) {
                length = lead;
            }
        }
        // Malformed sequences become U+FFFD.
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
