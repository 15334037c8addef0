package chant.cli.config;

import chant.cli.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes one key of the CLI's config file (today only {@code token}, by {@code chant token create
 * --save}). The file holds a secret, so it is written readable by its owner only (0600), and its
 * folder, when the CLI creates it, 0700. A rewrite goes to a temporary file of mode 0600 beside it
 * that replaces the file in one move, so the file is never readable by others nor half-written,
 * even for a moment; a file that had a wider mode is 0600 afterwards. The other lines (comments,
 * other keys, their order) are kept as they were.
 */
public final class ConfigFile {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private ConfigFile() {
    }

    /**
     * Sets {@code key} to {@code value} in the file at {@code path} (created when missing): the
     * first line that sets the key is replaced, later ones are removed, else the line is added.
     */
    public static void set(Path path, String key, String value) {
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '\\')) {
            throw CliException.failed("cannot save a value with blanks, control characters or backslashes as "
                    + key + " in " + path, null);
        }
        Path target = path.toAbsolutePath();
        try {
            Path folder = target.getParent();
            if (!Files.isDirectory(folder)) {
                if (posix(existingAncestor(folder))) {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
                } else {
                    Files.createDirectories(folder);
                }
            }
            List<String> lines = Files.exists(target) ? Files.readAllLines(target, StandardCharsets.UTF_8) : List.of();
            replace(target, withKey(lines, key, value));
        } catch (IOException e) {
            throw CliException.failed("cannot write the config file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails with the reason when the file at {@code path} could not be written (a file or folder
     * that is not writable, a file where a folder should be), so that a command can check before it
     * makes something it would then have nowhere to keep.
     */
    public static void checkWritable(Path path) {
        Path target = path.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw CliException.failed("cannot write the config file " + path + ": it is a folder", null);
        }
        if (Files.exists(target)) {
            if (!Files.isWritable(target) || !Files.isWritable(target.getParent())) {
                throw CliException.failed("cannot write the config file " + path + ": it or its folder is not writable",
                        null);
            }
            return;
        }
        Path existing = existingAncestor(target.getParent());
        if (!Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw CliException.failed("cannot write the config file " + path + ": " + existing
                    + (Files.isDirectory(existing) ? " is not writable" : " is not a folder"), null);
        }
    }

    /** {@code lines} with the key set: the first line setting it replaced, others dropped, else appended. */
    static List<String> withKey(List<String> lines, String key, String value) {
        Pattern setsKey = Pattern.compile("\\s*" + Pattern.quote(key) + "(\\s*[=:]|\\s|$).*");
        List<String> result = new ArrayList<>();
        boolean set = false;
        for (String line : lines) {
            if (setsKey.matcher(line).matches() && !continues(result)) {
                if (!set) {
                    result.add(key + "=" + value);
                    set = true;
                }
            } else {
                result.add(line);
            }
        }
        if (!set) {
            result.add(key + "=" + value);
        }
        return result;
    }

    /** Whether the line before ends with an odd number of backslashes: then this line continues it. */
    private static boolean continues(List<String> before) {
        if (before.isEmpty()) {
            return false;
        }
        String last = before.get(before.size() - 1);
        int backslashes = 0;
        for (int i = last.length() - 1; i >= 0 && last.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** A 0600 temporary file beside the target, moved over it, then 0600 once more. */
    private static void replace(Path target, List<String> lines) throws IOException {
        Path folder = target.getParent();
        boolean posix = posix(folder);
        Path temporary = posix
                ? Files.createTempFile(folder, "." + target.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
        try {
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(target, OWNER_ONLY);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path existingAncestor(Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? Path.of(".") : existing;
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
