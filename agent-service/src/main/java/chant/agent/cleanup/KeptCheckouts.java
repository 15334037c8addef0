package chant.agent.cleanup;

import chant.support.git.Git;
import chant.support.sandbox.Sandbox;
import chant.support.failure.InvalidRequestException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The checkouts kept under {@code <work-root>/kept/} (failed, unpushed, paused and taken-over runs,
 * and the dead attempts a later one moved aside): listed with what removing each would lose, and
 * removed only when nothing would be (or when forced, naming the loss).
 *
 * <p>Paths never come from clients: a client names a checkout by the id this service's own listing
 * gave it (its directory name), which is checked to be one plain name and looked up in the listing
 * again. Removal happens under a file lock on {@code kept/} (so two cleanups, also of two replicas
 * on one work root, never inspect what the other deletes) and renames the checkout out of the way
 * before deleting it; runners only ever move new checkouts in, under names not taken.
 */
@ApplicationScoped
public class KeptCheckouts {

    private static final Logger LOG = Logger.getLogger(KeptCheckouts.class);

    /** Where a checkout goes for the moment between its rename and its deletion. */
    static final String REMOVING = ".removing-";

    @ConfigProperty(name = "chant.agent.work-root", defaultValue = ".chant-run/work")
    Path workRoot;

    @Inject
    Sandbox sandbox;

    @Inject
    chant.agent.access.Access access;

    @Inject
    EntityManager em;

    private final Object lock = new Object();

    /** The kept checkouts of {@code project} (all when empty) kept at least {@code olderThan} ago, oldest first. */
    public List<KeptCheckout> list(String project, long olderThanSeconds, chant.support.auth.Principal principal) {
        // The checkouts are this host's, of every project: a platform admin's matter.
        access.of(principal).requirePlatformAdmin("listing the checkouts kept on agent-service's host");
        if (olderThanSeconds < 0) {
            throw new InvalidRequestException("older_than_seconds " + olderThanSeconds + " is negative: use 0 for all"
                    + " kept checkouts, or how long ago they must have been kept");
        }
        Instant cutoff = Instant.now().minus(Duration.ofSeconds(olderThanSeconds));
        List<KeptCheckout> found = new ArrayList<>();
        for (Path dir : directories()) {
            KeptCheckout checkout = inspect(dir);
            if ((project == null || project.isEmpty() || project.equals(checkout.project()))
                    && !checkout.keptAt().isAfter(cutoff)) {
                found.add(checkout);
            }
        }
        found.sort(Comparator.comparing(KeptCheckout::keptAt).thenComparing(KeptCheckout::id));
        return found;
    }

    /** Removes the named checkouts that are safe to remove, or all of them with {@code force}. */
    public List<Removal> remove(List<String> ids, boolean force, chant.support.auth.Principal principal) {
        access.of(principal).requirePlatformAdmin("removing checkouts kept on agent-service's host");
        if (ids == null || ids.isEmpty()) {
            throw new InvalidRequestException("ids is empty: name the kept checkouts to remove by the ids"
                    + " ListKeptCheckouts gave them");
        }
        List<Removal> results = new ArrayList<>();
        synchronized (lock) {
            try (FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                for (String id : new LinkedHashSet<>(ids)) {
                    results.add(removeOne(id, force));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not lock " + keptRoot(), e);
            }
        }
        return results;
    }

    private Removal removeOne(String id, boolean force) {
        if (!CheckoutNames.validId(id)) {
            return new Removal(id, false, "not a kept checkout: an id is one directory name from the list", 0);
        }
        Path dir = keptRoot().resolve(id);
        if (!dir.getParent().equals(keptRoot()) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || !directories().contains(dir)) {
            return new Removal(id, false, "not a kept checkout (any more): list them again", 0);
        }
        KeptCheckout checkout = inspect(dir);
        if (!checkout.safeToRemove() && !force) {
            return new Removal(id, false, "kept: removing it would lose " + checkout.loss()
                    + "; push its work first, or force", checkout.sizeBytes());
        }
        Path away = keptRoot().resolve(REMOVING + id + "-" + UUID.randomUUID());
        try {
            Files.move(dir, away, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(away);
        } catch (IOException | UncheckedIOException e) {
            return new Removal(id, false, "could not be removed: " + e.getMessage(), checkout.sizeBytes());
        }
        LOG.infof("removed kept checkout %s (lost: %s)", dir, checkout.loss());
        return new Removal(id, true, checkout.safeToRemove() ? "its work is on the remote"
                : "lost " + checkout.loss(), checkout.sizeBytes());
    }

    private KeptCheckout inspect(Path dir) {
        String id = dir.getFileName().toString();
        Optional<Object[]> run = recordedBy(dir);
        String project = run.map(r -> (String) r[1]).orElse("");
        String spec = run.map(r -> (String) r[2]).orElse("");
        if (project.isEmpty()) {
            Optional<String[]> parsed = CheckoutNames.projectAndSpec(id, specFiles(dir));
            project = parsed.map(p -> p[0]).orElse("");
            spec = parsed.map(p -> p[1]).orElse("");
        }
        Instant keptAt = CheckoutNames.keptAt(id).orElseGet(() -> modified(dir));
        return new CheckoutInspector(Git.onPath(), sandbox, workRoot.toAbsolutePath())
                .inspect(id, dir, project, spec, run.map(r -> ((Number) r[0]).longValue()).orElse(0L), keptAt);
    }

    /** The newest run that recorded this checkout as its kept one: {id, project, spec_id}. */
    private Optional<Object[]> recordedBy(Path dir) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                    "SELECT id, project, spec_id FROM run WHERE kept_checkout = :path ORDER BY id DESC LIMIT 1")
                    .setParameter("path", dir.toString()).getResultList();
            return rows.stream().findFirst();
        });
    }

    /** The spec IDs of the spec files the platform wrote into the checkout ({@code .chant/specs/<id>.md}). */
    private static Set<String> specFiles(Path dir) {
        Set<String> ids = new LinkedHashSet<>();
        Path specs = dir.resolve(".chant/specs");
        if (!Files.isDirectory(specs, LinkOption.NOFOLLOW_LINKS)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(specs, "*.md")) {
            files.forEach(f -> ids.add(f.getFileName().toString().replaceFirst("\\.md$", "")));
        } catch (IOException e) {
            // unreadable: the run's record or nothing names it
        }
        return ids;
    }

    /** The checkouts directly under kept/: directories, no links, no dot files (a removal under way). */
    private List<Path> directories() {
        Path root = keptRoot();
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return dirs;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (CheckoutNames.validId(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + root, e);
        }
        return dirs;
    }

    private Path keptRoot() {
        return workRoot.toAbsolutePath().normalize().resolve("kept");
    }

    private Path lockFile() throws IOException {
        Files.createDirectories(keptRoot());
        return workRoot.toAbsolutePath().normalize().resolve("kept.lock");
    }

    private static Instant modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static void deleteTree(Path path) throws IOException {
        try (var walk = Files.walk(path)) {
            // Files.walk does not follow links: a link in the checkout is removed, not what it points to.
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
