package chant.agent.cleanup;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Prunes the runners' output files ({@code <work-root>/runners/run-<id>-<attempt>.log}) of runs that
 * ended more than {@code chant.agent.runner-output-retention} ago (default 7 days). The run's log in the
 * database holds every line a runner sent; the file only helps to see why a runner could not send
 * them, which matters while the run is fresh. Files of active runs, and files whose run is unknown
 * but recent, stay.
 */
@ApplicationScoped
public class RunnerOutputs {

    private static final Logger LOG = Logger.getLogger(RunnerOutputs.class);
    private static final Pattern NAME = Pattern.compile("run-(\\d{1,18})-\\d{1,9}\\.log");

    @ConfigProperty(name = "chant.agent.work-root", defaultValue = ".chant-run/work")
    Path workRoot;

    @ConfigProperty(name = "chant.agent.runner-output-retention", defaultValue = "7d")
    Duration retention;

    @Inject
    EntityManager em;

    @Scheduled(identity = "runner-output-pruner", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            prune(retention);
        } catch (RuntimeException e) {
            LOG.warnf("pruning runner output files failed (the next round retries): %s", e.toString());
        }
    }

    /** Deletes the output files of runs that ended longer than {@code keep} ago; returns how many. */
    public int prune(Duration keep) {
        Path dir = workRoot.toAbsolutePath().resolve("runners");
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(keep);
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "run-*.log")) {
            for (Path file : files) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && endedBefore(Long.parseLong(m.group(1)), file, cutoff)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not prune " + dir, e);
        }
        if (deleted > 0) {
            LOG.infof("removed %d runner output files of runs that ended before %s", deleted, cutoff);
        }
        return deleted;
    }

    /** The run ended before {@code cutoff}; a run the database no longer has counts by the file's age. */
    private boolean endedBefore(long runId, Path file, Instant cutoff) throws IOException {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT ended_at FROM run WHERE id = :id").setParameter("id", runId).getResultList());
        if (rows.isEmpty()) {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
        }
        Object ended = rows.get(0);
        if (ended == null) {
            return false;
        }
        Instant at = ended instanceof Instant i ? i : ended instanceof java.sql.Timestamp t ? t.toInstant()
                : ended instanceof java.time.OffsetDateTime o ? o.toInstant() : null;
        return at != null && at.isBefore(cutoff);
    }
}
