package chant.agent.provider.demo.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The files of the worktree the demo agent works in, confined to it: a path must be relative, may
 * not climb ({@code ..}) or point into {@code .git}, and may not lead out of the worktree through a
 * symlink (the nearest existing part of it is resolved and must lie inside). The sandbox confines
 * the agent anyway; the agent refuses clearly before it tries.
 */
final class WorktreeFiles {

    private final Path root;

    /** The worktree at {@code root} (resolved to its real path). */
    WorktreeFiles(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** What is wrong with {@code path} as written, or null when it is a plain relative path inside the worktree. */
    static String syntaxProblem(String path) {
        if (path.indexOf('\0') >= 0) {
            return "a path cannot hold a NUL character";
        }
        if (path.startsWith("/") || path.startsWith("~")) {
            return "the path must be relative to the worktree, not absolute";
        }
        Path parsed;
        try {
            parsed = Path.of(path);
        } catch (InvalidPathException e) {
            return "not a path (" + e.getReason() + ")";
        }
        for (Path part : parsed) {
            if (part.toString().equals("..")) {
                return "the path climbs out of the worktree (..)";
            }
        }
        Path normal = parsed.normalize();
        if (normal.toString().isEmpty()) {
            return "the path names the worktree itself, not a file";
        }
        if (normal.getName(0).toString().equals(".git")) {
            return "the path points into .git, which only git may change";
        }
        return null;
    }

    /**
     * The file {@code path} names, checked: its syntax, and that no symlink on the way leads out of
     * the worktree.
     *
     * @throws DemoFailure (at {@code line}) when the path is refused
     */
    Path resolve(String path, int line) throws DemoFailure {
        String problem = syntaxProblem(path);
        if (problem != null) {
            throw DemoFailure.at(line, path + " refused: " + problem);
        }
        Path file = root.resolve(path).normalize();
        if (Files.isSymbolicLink(file)) {
            try {
                Path target = file.toRealPath();
                if (!target.startsWith(root)) {
                    throw DemoFailure.at(line, path + " refused: it is a symlink to " + target + ", outside the worktree");
                }
            } catch (NoSuchFileException e) {
                throw DemoFailure.at(line, path + " refused: it is a symlink to a file that does not exist here");
            } catch (IOException e) {
                throw DemoFailure.at(line, path + " refused: its symlink cannot be resolved (" + e + ")");
            }
        }
        // The nearest existing part (the file, or a parent directory), resolved through every symlink.
        Path existing = file;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            Path real = existing == null ? null : existing.toRealPath();
            if (real == null || !real.startsWith(root)) {
                throw DemoFailure.at(line, path + " refused: it leads outside the worktree through a symlink ("
                        + root.relativize(existing) + " is " + real + ")");
            }
        } catch (NoSuchFileException e) {
            throw DemoFailure.at(line, path + " refused: " + root.relativize(existing)
                    + " leads through a symlink to a path that does not exist here");
        } catch (IOException e) {
            throw DemoFailure.at(line, path + " refused: " + root.relativize(existing) + " cannot be resolved (" + e + ")");
        }
        if (Files.isDirectory(file)) {
            throw DemoFailure.at(line, path + " is a directory, not a file");
        }
        return file;
    }

    /** Replaces (or creates) the file with {@code content}. */
    void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Adds {@code content} at the file's end, creating it if missing. */
    void append(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** {@code file} relative to the worktree, for messages. */
    String relative(Path file) {
        return root.relativize(file).toString();
    }
}
