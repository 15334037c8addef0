package chant.cli.transfer;

import chant.cli.CliException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files of a chant {@code .chant/} folder to import, with their paths relative to it
 * ('/'-separated), sorted by path. Hidden files and folders (names starting with '.') are
 * left out, and so are files over {@link #MAX_FILE_BYTES}.
 *
 * @param root      the folder the paths are relative to
 * @param files     the files to send
 * @param oversized files left out for their size
 * @param hidden    number of hidden files and folders left out
 */
public record ChantFolder(Path root, List<LocalFile> files, List<LocalFile> oversized, int hidden) {
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    /** One file: its path relative to the root, where it is, its size. */
    public record LocalFile(String path, Path file, long size) {
    }

    /** Scans {@code dir}, or {@code dir/.chant} when that exists. */
    public static ChantFolder scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw CliException.failed("not a folder: " + dir, null);
        }
        Path root = Files.isDirectory(dir.resolve(".chant")) ? dir.resolve(".chant") : dir;
        List<LocalFile> files = new ArrayList<>();
        List<LocalFile> oversized = new ArrayList<>();
        int[] hidden = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) {
                    if (!folder.equals(root) && isHidden(folder)) {
                        hidden[0]++;
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (isHidden(file)) {
                        hidden[0]++;
                    } else if (attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file))) {
                        LocalFile local = new LocalFile(relative(root, file), file, Files.size(file));
                        (local.size() > MAX_FILE_BYTES ? oversized : files).add(local);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw CliException.failed("cannot read the folder " + dir + ": " + e, e);
        }
        files.sort(Comparator.comparing(LocalFile::path));
        oversized.sort(Comparator.comparing(LocalFile::path));
        return new ChantFolder(root, List.copyOf(files), List.copyOf(oversized), hidden[0]);
    }

    /** Whether the folder holds chant's config.md (which may name the project). */
    public boolean hasConfig() {
        return files.stream().anyMatch(file -> file.path().equals("config.md"));
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static String relative(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}
