package chant.agent.workspace;

import chant.support.git.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One bare clone per project under {@code <work-root>/cache}, kept between runs so that a run
 * copies objects locally instead of cloning the remote again. Only the platform writes it (agents
 * never see it), so pushes go from here with trusted configuration. Runs of one project share it:
 * changes to it happen under a file lock, which holds across processes and ends with its holder.
 */
public final class RepositoryCache {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Git git;
    private final Path root;

    public RepositoryCache(Git git, Path workRoot) {
        this.git = git;
        this.root = workRoot.resolve("cache");
    }

    /** The project's cached clone, cloned or fetched so that it holds the remote's branches now. */
    public Path refresh(String project, String remoteUrl) {
        return locked(project, () -> refreshLocked(project, remoteUrl));
    }

    /**
     * {@link #refresh} for a caller that holds the project's lock already ({@link #locked}): one git
     * process when the clone exists and its remote is still {@code remoteUrl} (a fetch), two when the
     * project's repository moved (the remote's URL is set first).
     */
    public Path refreshLocked(String project, String remoteUrl) {
        Path repository = repository(project);
        Path knownUrl = root.resolve(checkedName(project) + ".url");
        if (!Files.isDirectory(repository.resolve("objects"))) {
            deleteQuietly(repository);
            git.run(root, "clone", "--bare", "--quiet", "--", remoteUrl, repository.toString());
        } else {
            // The URL the clone's origin was last set to, as the platform wrote it: read here instead of
            // asking git (a process), set again only when the project's repository changed.
            if (!remoteUrl.equals(readQuietly(knownUrl))) {
                git.run(repository, "remote", "set-url", "origin", remoteUrl);
            }
            git.run(repository, "fetch", "--quiet", "--prune", "--no-tags", "origin", "+refs/heads/*:refs/heads/*");
        }
        writeQuietly(knownUrl, remoteUrl);
        return repository;
    }

    /**
     * The commits of the named branches in the cached clone (as the remote had them at the last refresh),
     * read with one git process; a branch it does not have is missing from the map.
     */
    public Map<String, String> heads(String project, String... branches) {
        List<String> args = new ArrayList<>(List.of("for-each-ref", "--format=%(objectname) %(refname)"));
        for (String branch : branches) {
            args.add("refs/heads/" + branch);
        }
        Map<String, String> heads = new HashMap<>();
        String listed = git.run(repository(project), args, Duration.ofMinutes(1));
        for (String line : listed.split("\n")) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String ref = line.substring(space + 1);
            for (String branch : branches) {
                // for-each-ref also lists refs below a pattern (refs/heads/main/x): only exact names count.
                if (ref.equals("refs/heads/" + branch)) {
                    heads.put(branch, line.substring(0, space));
                }
            }
        }
        return heads;
    }

    /** Runs {@code work} while holding the project's lock on its cached clone. */
    public <T> T locked(String project, java.util.function.Supplier<T> work) {
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(root.resolve(checkedName(project) + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return work.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock the cached clone of project " + project, e);
        }
    }

    /** Whether the cached clone {@code repository} has {@code branch} (as the remote had it at the last refresh). */
    public static boolean hasBranch(Git git, Path repository, String branch) {
        return git.tryRun(repository, java.util.List.of("rev-parse", "--verify", "--quiet", "refs/heads/" + branch),
                java.time.Duration.ofMinutes(1)).exitCode() == 0;
    }

    public Path repository(String project) {
        return root.resolve(checkedName(project) + ".git");
    }

    /** Project names are the spec-service's; checked again here because they become paths. */
    static String checkedName(String project) {
        if (!SAFE_NAME.matcher(project).matches()) {
            throw new IllegalArgumentException("project name " + project + " cannot be a directory name");
        }
        return project;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            // The URL is set again at the next refresh: one process more, nothing wrong.
        }
    }

    private static void deleteQuietly(Path path) {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove the broken cached clone " + path, e);
            }
        }
    }
}
