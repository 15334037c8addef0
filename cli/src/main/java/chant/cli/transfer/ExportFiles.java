package chant.cli.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where an exported file goes, and writing it so that a reader never sees half a file. */
public final class ExportFiles {
    private static final Pattern SEPARATORS = Pattern.compile("[/\\\\]");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private ExportFiles() {
    }

    /**
     * The file under {@code root} for a path sent by the server; empty when the path is empty,
     * absolute, or has a {@code ..} segment (with '/' or '\' as separators).
     */
    public static Optional<Path> resolve(Path root, String path) {
        if (path.isBlank() || path.indexOf('\0') >= 0 || path.startsWith("/") || path.startsWith("\\")
                || DRIVE.matcher(path).matches()) {
            return Optional.empty();
        }
        for (String segment : SEPARATORS.split(path)) {
            if (segment.equals("..")) {
                return Optional.empty();
            }
        }
        Path base = root.toAbsolutePath().normalize();
        Path target = base.resolve(path).normalize();
        return target.startsWith(base) && !target.equals(base) ? Optional.of(target) : Optional.empty();
    }

    /**
     * Deletes a file or a folder with everything in it; symbolic links are deleted, not followed.
     * Nothing happens when it does not exist.
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(root);
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }

    /** Writes a temporary file beside the target, then moves it over the target. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path folder = target.getParent();
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(content);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
