package chant.agent.provider.openai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Paths a model names, confined to the worktree. A path is relative to the worktree, or absolute
 * inside it; {@code ..} is refused outright, and so is anything whose real path (symbolic links
 * resolved) leaves the worktree: the file itself when it exists, else the nearest directory above
 * it that exists. Writes into {@code .git} are refused (the history is git's, through commands).
 * The tools run one at a time on the loop's thread, and no command of the agent runs meanwhile, so
 * nothing changes a checked path before it is used.
 */
final class WorktreePaths {

    private final Path root;

    /** @param worktree the worktree; its real path is the boundary */
    WorktreePaths(Path worktree) throws IOException {
        this.root = worktree.toRealPath();
    }

    Path root() {
        return root;
    }

    /** The path, checked as above; an {@link IOException} says why it is refused. */
    Path resolve(String given, boolean forWrite) throws IOException {
        if (given == null || given.isBlank()) {
            throw new IOException("no path given: name a file relative to the worktree");
        }
        Path path;
        try {
            path = Path.of(given.strip());
        } catch (InvalidPathException e) {
            throw new IOException("refused: " + given + " is not a valid path");
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw new IOException("refused: " + given + " climbs with '..'; give a path inside the worktree");
            }
        }
        Path relative;
        if (path.isAbsolute()) {
            Path normalized = path.normalize();
            if (!normalized.startsWith(root)) {
                throw new IOException("refused: " + given + " is outside the worktree (" + root + "); give a path inside it");
            }
            relative = root.relativize(normalized);
        } else {
            relative = path.normalize();
        }
        if (forWrite && relative.getNameCount() > 0 && relative.getName(0).toString().equals(".git")) {
            throw new IOException("refused: " + given + " is inside .git; change the history with git commands");
        }
        Path target = relative.toString().isEmpty() ? root : root.resolve(relative);
        Path existing = target;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            // A link whose target is missing: where it points is not known to be inside.
            throw new IOException("refused: " + given + " goes through a symbolic link that leads nowhere");
        }
        if (!real.startsWith(root)) {
            throw new IOException("refused: " + given + " leads out of the worktree through a symbolic link");
        }
        return existing.equals(target) ? real : real.resolve(existing.relativize(target));
    }

    /** How the path is shown to the model and in the log: relative to the worktree. */
    String shown(Path path) {
        Path relative = root.relativize(path);
        return relative.toString().isEmpty() ? "." : relative.toString();
    }
}
