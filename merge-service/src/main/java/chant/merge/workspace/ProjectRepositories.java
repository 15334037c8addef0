package chant.merge.workspace;

import chant.merge.git.MergeRepository;
import chant.support.git.Git;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bare repositories merge-service keeps under its work root, one per project
 * ({@code <work-root>/<project>.git}). A dry run and the queue's worker may use one project's
 * repository at once in this process: they take turns, so that two fetches never race for git's
 * ref locks. Each process has a work root of its own (queues of several processes are kept apart
 * by their leases, not by this lock).
 */
@ApplicationScoped
public class ProjectRepositories {

    @ConfigProperty(name = "chant.merge.work-root", defaultValue = ".chant-run/merge")
    Path workRoot;

    private final Git git = Git.onPath();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Runs {@code work} on the project's repository (created, with {@code remoteUrl} as origin, when new). */
    public <T> T with(String project, String remoteUrl, Function<MergeRepository, T> work) {
        if (!project.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("not a project name: '" + project + "'");
        }
        Path dir = workRoot.toAbsolutePath().normalize().resolve(project + ".git");
        ReentrantLock lock = locks.computeIfAbsent(project, p -> new ReentrantLock());
        lock.lock();
        try {
            return work.apply(MergeRepository.open(git, dir, remoteUrl));
        } finally {
            lock.unlock();
        }
    }
}
