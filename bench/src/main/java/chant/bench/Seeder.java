package chant.bench;

import chant.v1.ArchiveFilter;
import chant.v1.GetProjectRequest;
import chant.v1.ImportFile;
import chant.v1.ImportHeader;
import chant.v1.ImportOutcome;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import chant.v1.ImportedFile;
import chant.v1.ListSpecsRequest;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Fills a benchmark project through ImportSpecs, in streams of --seed-batch files, once: a project
 * that already holds its specs is reused by later runs, and a half-seeded one is completed.
 */
final class Seeder {

    static final long IMPORT_DEADLINE_SECONDS = 900;

    /** One generated file: the spec's ID (its file stem) and the markdown. */
    record SeedFile(String id, String content) {
    }

    private final Options options;
    private final GrpcClient client;
    private final Database db;
    private final PrintStream progress;

    Seeder(Options options, GrpcClient client, Database db, PrintStream progress) {
        this.options = options;
        this.client = client;
        this.db = db;
        this.progress = progress;
    }

    /**
     * Makes sure {@code project} holds exactly the {@code n} specs {@code files} generates, importing
     * the missing ones; returns a line on what was done.
     */
    String seed(String project, int n, IntFunction<SeedFile> files) throws SQLException {
        long existing = countSpecs(project);
        if (existing == n) {
            return String.format(Locale.ROOT, "seed: project %s already holds %,d specs; reused", project, n);
        }
        if (existing > n) {
            throw new BenchException("project " + project + " holds " + existing + " specs, more than " + n
                    + "; it was changed by hand: delete its rows or use another --list-specs");
        }
        // Imports are one transaction per stream: whole batches exist, so continue after them.
        int batch = options.seedBatch();
        int firstBatch = (int) (Math.max(existing, 0) / batch);
        boolean resume = existing > 0;
        long t0 = System.nanoTime();
        int imported = 0;
        int streams = 0;
        for (int from = firstBatch * batch; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            long s0 = System.nanoTime();
            imported += importBatch(project, files, from, to, resume || from > 0);
            streams++;
            progress.printf(Locale.ROOT, "  seed %s: %,d of %,d specs (stream of %,d: %.1f s)%n", project, to, n,
                    to - from, (System.nanoTime() - s0) / 1e9);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        analyze();
        return String.format(Locale.ROOT,
                "seed: imported %,d specs into %s through ImportSpecs in %d streams of up to %,d files:"
                        + " %.1f s, %,.0f specs/s", imported, project, streams, batch, seconds, imported / seconds);
    }

    /** Specs of the project (archived or not); -1 when the project does not exist. */
    private long countSpecs(String project) {
        try {
            client.projects().getProject(GetProjectRequest.newBuilder().setName(project).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return -1;
            }
            throw e;
        }
        return client.specs().listSpecs(ListSpecsRequest.newBuilder().setProject(project)
                .setArchived(ArchiveFilter.ARCHIVE_FILTER_ALL).setPageSize(1).build()).getTotalCount();
    }

    /** The project's row ID, for baselines that query spec.spec directly. */
    long projectId(String project) throws SQLException {
        Connection c = db.open(1)[0];
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM spec.project WHERE name = ?")) {
            s.setString(1, project);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new BenchException("project " + project + " is not in spec.project of " + options.jdbcUrl()
                            + ": is the service using another database?");
                }
                long id = rs.getLong(1);
                c.commit();
                return id;
            }
        }
    }

    /** Fresh planner statistics after a bulk load, for both sides alike (autovacuum would get there later). */
    private void analyze() throws SQLException {
        Connection c = db.open(1)[0];
        try (var s = c.createStatement()) {
            s.execute("ANALYZE spec.spec");
        }
        c.commit();
    }

    /** One ImportSpecs stream: the header, then files specs/<id>.md for specs [from, to). */
    private int importBatch(String project, IntFunction<SeedFile> files, int from, int to, boolean replaceExisting) {
        CompletableFuture<ImportSpecsResponse> done = new CompletableFuture<>();
        StreamObserver<ImportSpecsRequest> stream = client.asyncSpecs(IMPORT_DEADLINE_SECONDS)
                .importSpecs(new StreamObserver<>() {
                    @Override
                    public void onNext(ImportSpecsResponse value) {
                        done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.completeExceptionally(new IllegalStateException("ImportSpecs ended without a response"));
                    }
                });
        stream.onNext(ImportSpecsRequest.newBuilder().setHeader(ImportHeader.newBuilder()
                .setProject(project).setCreateProject(true).setReplaceExisting(replaceExisting)).build());
        for (int i = from; i < to; i++) {
            SeedFile spec = files.apply(i);
            stream.onNext(ImportSpecsRequest.newBuilder().setFile(ImportFile.newBuilder()
                    .setPath("specs/" + spec.id() + ".md")
                    .setContent(ByteString.copyFrom(spec.content(), StandardCharsets.UTF_8))).build());
        }
        stream.onCompleted();
        ImportSpecsResponse response;
        try {
            response = done.get(IMPORT_DEADLINE_SECONDS + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("seeding was interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new BenchException("ImportSpecs of specs " + from + ".." + (to - 1) + " failed: "
                    + LoadRunner.describe(cause) + "; if the service log shows a transaction timeout, seed in"
                    + " smaller streams (--seed-batch, now " + options.seedBatch() + ")", cause);
        }
        if (response.getImportedCount() != to - from) {
            String firstRefusal = response.getFilesList().stream()
                    .filter(f -> f.getOutcome() != ImportOutcome.IMPORT_OUTCOME_IMPORTED)
                    .findFirst().map(Seeder::describe).orElse("(no file reported)");
            throw new BenchException("ImportSpecs imported " + response.getImportedCount() + " of " + (to - from)
                    + " files; first refused: " + firstRefusal);
        }
        return response.getImportedCount();
    }

    private static String describe(ImportedFile f) {
        return f.getPath() + " " + f.getOutcome() + " " + f.getProblemsList().stream()
                .map(p -> p.getField() + "=" + p.getValue() + ": " + p.getMessage()).toList();
    }
}
