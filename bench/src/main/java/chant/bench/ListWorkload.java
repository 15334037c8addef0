package chant.bench;

import chant.v1.GetProjectRequest;
import chant.v1.ImportFile;
import chant.v1.ImportHeader;
import chant.v1.ImportOutcome;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import chant.v1.ImportedFile;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import chant.v1.ArchiveFilter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The list phase: a project of N specs (seeded once through ImportSpecs and reused by later runs),
 * then ListSpecs with filters next to the SQL spec-service runs for them.
 */
final class ListWorkload {

    static final int PAGE_SIZE = 50;
    static final int PAGES = 20;

    static final String BASELINE = "per list the count(*) and the page query with the service's WHERE clause"
            + " (project_id, NOT archived and the filter: labels && ARRAY[..]; status IN (..) with pending meaning"
            + " pending and not waiting by the guarded readiness check; type IN (..); title/body ILIKE) ORDER BY"
            + " sort_key LIMIT 51, keyset sort_key > last for later pages, the page's columns with the readiness"
            + " check, then commit.";

    /** Columns of a listed spec: everything but the body, which lists leave out. */
    /** The columns ListSpecs and ListReadySpecs return: all but the body. */
    static final String LIST_FIELDS = """
            s.spec_id, s.sort_key, s.title, s.type, s.status, s.labels, s.depends_on, s.informed_by, s.context,
            s.target_files, s.origin, s.tracks, s.prompt, s.model, s.approval_required, s.approval_status,
            s.approval_by, s.approval_at, s.branch, s.commits, s.completed_at, s.members, s.extra_frontmatter,
            s.criteria_total, s.criteria_checked, s.archived, s.archive_folder, s.version, s.created_by,
            s.created_at, s.updated_at""";

    /** A ListSpecs page: the fields and whether each spec waits (its effective status). */
    private static final String LIST_COLUMNS = LIST_FIELDS + ", " + JdbcBaseline.WAITS;

    /** One list query as both sides express it. */
    record Query(String name, ListSpecsRequest filter, String where, List<Object> params, boolean paging) {
    }

    private final Options options;
    private final GrpcClient client;
    private final Database db;
    private final Seeder seeder;
    private final PrintStream progress;
    private final String project;
    private long projectId;

    ListWorkload(Options options, GrpcClient client, Database db, Seeder seeder, PrintStream progress) {
        this.options = options;
        this.client = client;
        this.db = db;
        this.seeder = seeder;
        this.progress = progress;
        this.project = "bench-list-" + options.listSpecs();
    }

    String project() {
        return project;
    }

    /** Makes sure the list project holds its N specs; returns a line on what was done. */
    String seed() throws SQLException {
        String line = seeder.seed(project, options.listSpecs(), i -> {
            SpecSamples.SeedSpec spec = SpecSamples.seedSpec(i);
            return new Seeder.SeedFile(spec.id(), spec.file());
        });
        projectId = seeder.projectId(project);
        return line;
    }

    Report measure() throws SQLException {
        Report report = new Report(String.format(Locale.ROOT, "list: ListSpecs (page_size %d) over %,d specs vs. SQL",
                PAGE_SIZE, options.listSpecs()), BASELINE);
        List<Query> queries = queries();
        for (Query q : queries) {
            verifySameResult(q);
        }
        for (Query q : queries) {
            int warmUp = Math.max(10, options.listOps() / 5);
            runGrpc(q, "warm-up", 1, warmUp);
            runJdbc(q, "warm-up", 1, warmUp);
        }
        for (int threads : options.listConcurrency()) {
            for (Query q : queries) {
                LoadRunner.Result g = runGrpc(q, "c=" + threads, threads, options.listOps());
                LoadRunner.Result j = runJdbc(q, "c=" + threads, threads, options.listOps());
                report.add(new Report.Row(q.name(), threads, g.stats(), j.stats()));
            }
        }
        return report;
    }

    /** The measured list queries, named with how many specs they match. */
    List<Query> queries() {
        String label = "perf";
        String word = "obsidian";
        List<Query> raw = List.of(
                new Query("list label=" + label, ListSpecsRequest.newBuilder().addLabels(label).build(),
                        " AND s.labels && ?::text[]", List.<Object>of((Object) new String[] {label}), false),
                new Query("list status=pending,in_progress type=task", ListSpecsRequest.newBuilder()
                        .addStatuses(SpecStatus.SPEC_STATUS_PENDING).addStatuses(SpecStatus.SPEC_STATUS_IN_PROGRESS)
                        .addTypes(SpecType.SPEC_TYPE_TASK).build(),
                        // As spec-service filters effective statuses: pending means pending and not waiting.
                        " AND (s.status IN (?) OR (s.status = 'PENDING' AND NOT " + JdbcBaseline.WAITS + ")) AND s.type IN (?)",
                        List.of("IN_PROGRESS", "TASK"), false),
                new Query("list text=" + word, ListSpecsRequest.newBuilder().setText(word).build(),
                        " AND (s.title ILIKE ? ESCAPE '\\' OR s.body ILIKE ? ESCAPE '\\')",
                        List.of("%" + word + "%", "%" + word + "%"), false),
                new Query("list pages 1-" + PAGES + " (no filter)", ListSpecsRequest.getDefaultInstance(), "", List.of(), true));
        List<Query> named = new ArrayList<>();
        for (Query q : raw) {
            long total = grpcList(q, "").getTotalCount();
            String share = String.format(Locale.ROOT, " [%,d = %.1f%%]", total, 100.0 * total / options.listSpecs());
            named.add(new Query(q.name() + share, q.filter(), q.where(), q.params(), q.paging()));
        }
        return named;
    }

    private LoadRunner.Result runGrpc(Query q, String label, int threads, int ops) {
        String phase = q.name() + " gRPC " + label;
        String[] tokens = new String[threads];
        int[] pages = new int[threads];
        LoadRunner.Result result = LoadRunner.run(phase, threads, ops, (w, i) -> {
            if (!q.paging()) {
                grpcList(q, "");
                return;
            }
            String token = pages[w] == 0 ? "" : tokens[w];
            ListSpecsResponse page = grpcList(q, token);
            tokens[w] = page.getNextPageToken();
            pages[w] = (pages[w] + 1) % PAGES;
            if (pages[w] != 0 && tokens[w].isEmpty()) {
                throw new IllegalStateException("ran out of pages before page " + PAGES);
            }
        });
        return done(phase, result);
    }

    private LoadRunner.Result runJdbc(Query q, String label, int threads, int ops) throws SQLException {
        String phase = q.name() + " JDBC " + label;
        Connection[] connections = db.open(threads);
        PreparedStatement[] count = Database.prepare(connections, countSql(q));
        PreparedStatement[] first = Database.prepare(connections, pageSql(q, false));
        PreparedStatement[] next = Database.prepare(connections, pageSql(q, true));
        String[] after = new String[threads];
        int[] pages = new int[threads];
        try {
            LoadRunner.Result result = LoadRunner.run(phase, threads, ops, (w, i) -> {
                String from = q.paging() && pages[w] > 0 ? after[w] : null;
                after[w] = jdbcList(connections[w], q, count[w], from == null ? first[w] : next[w], from).nextAfter();
                if (q.paging()) {
                    pages[w] = (pages[w] + 1) % PAGES;
                    if (pages[w] != 0 && after[w] == null) {
                        throw new IllegalStateException("ran out of pages before page " + PAGES);
                    }
                }
            });
            return done(phase, result);
        } finally {
            Database.close(count);
            Database.close(first);
            Database.close(next);
        }
    }

    private ListSpecsResponse grpcList(Query q, String token) {
        return client.specs().listSpecs(q.filter().toBuilder()
                .setProject(project).setPageSize(PAGE_SIZE).setPageToken(token).build());
    }

    record Page(long total, List<String> ids, String nextAfter) {
    }

    /** count(*), then one page in sort_key order, in one transaction. */
    private Page jdbcList(Connection c, Query q, PreparedStatement count, PreparedStatement page, String after)
            throws SQLException {
        try {
            long total;
            bind(c, count, q, null);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<String> ids = new ArrayList<>(PAGE_SIZE + 1);
            String lastKey = null;
            bind(c, page, q, after);
            try (ResultSet rs = page.executeQuery()) {
                while (rs.next()) {
                    if (ids.size() < PAGE_SIZE) {
                        JdbcBaseline.readRow(rs);
                        ids.add(rs.getString(1));
                        lastKey = rs.getString(2);
                    } else {
                        ids.add(rs.getString(1));
                    }
                }
            }
            c.commit();
            boolean more = ids.size() > PAGE_SIZE;
            return new Page(total, more ? ids.subList(0, PAGE_SIZE) : ids, more ? lastKey : null);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private void bind(Connection c, PreparedStatement s, Query q, String after) throws SQLException {
        int p = 1;
        s.setLong(p++, projectId);
        for (Object value : q.params()) {
            if (value instanceof String[] array) {
                s.setArray(p++, c.createArrayOf("text", array));
            } else {
                s.setString(p++, (String) value);
            }
        }
        if (after != null) {
            s.setString(p, after);
        }
    }

    private static String countSql(Query q) {
        return "SELECT count(*) FROM spec.spec s WHERE s.project_id = ? AND NOT s.archived" + q.where();
    }

    private static String pageSql(Query q, boolean after) {
        return "SELECT " + LIST_COLUMNS + " FROM spec.spec s WHERE s.project_id = ? AND NOT s.archived" + q.where()
                + (after ? " AND s.sort_key > ?" : "") + " ORDER BY s.sort_key LIMIT " + (PAGE_SIZE + 1);
    }

    /** Refuses to compare the two sides unless they return the same specs for the query. */
    private void verifySameResult(Query q) throws SQLException {
        Connection c = db.open(1)[0];
        String token = "";
        String after = null;
        int pages = q.paging() ? 3 : 1;
        for (int page = 0; page < pages; page++) {
            ListSpecsResponse g = grpcList(q, token);
            Page j;
            try (PreparedStatement count = c.prepareStatement(countSql(q));
                    PreparedStatement select = c.prepareStatement(pageSql(q, after != null))) {
                j = jdbcList(c, q, count, select, after);
            }
            List<String> grpcIds = g.getSpecsList().stream().map(chant.v1.Spec::getId).toList();
            if (g.getTotalCount() != j.total() || !grpcIds.equals(j.ids())) {
                throw new BenchException("the baseline of '" + q.name() + "' does not return what ListSpecs returns"
                        + " (page " + (page + 1) + ": total " + g.getTotalCount() + " vs " + j.total()
                        + ", first IDs " + grpcIds.stream().limit(3).toList() + " vs " + j.ids().stream().limit(3).toList()
                        + "): the comparison would be meaningless");
            }
            token = g.getNextPageToken();
            after = j.nextAfter();
        }
    }

    private LoadRunner.Result done(String phase, LoadRunner.Result result) {
        LatencyRecorder.Stats s = result.stats();
        progress.printf("  %-60s %5d ops  %9s ops/s  p50 %s ms  p99 %s ms%n", phase, s.count(),
                Report.opsPerSecond(s), Report.millis(s.p50Millis()), Report.millis(s.p99Millis()));
        return result;
    }
}
