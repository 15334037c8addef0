package chant.bench;

import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.GetBlockersRequest;
import chant.v1.ListReadySpecsRequest;
import chant.v1.ListReadySpecsResponse;
import chant.v1.Project;
import chant.v1.SpecStatus;
import chant.v1.TransitionSpecRequest;
import chant.v1.UpdateSpecRequest;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The lifecycle phases: "what is ready" over a project of N specs with a realistic dependency
 * graph, the blockers of one spec, and the cost of a transition with its audit event next to a
 * plain update. Each next to the SQL spec-service runs for it, on the same database.
 */
final class LifecycleWorkload {

    static final int PAGE_SIZE = 50;

    static final String READY_BASELINE = "per ready list the page query the service runs (the columns ListReadySpecs"
            + " returns, all but the body, every one decoded; status"
            + " pending or failed, not archived, not waiting by the readiness rule (spec_waits behind the cheap test) and the"
            + " label filter; ORDER BY sort_key LIMIT 51); per blockers query SELECT FROM spec_blockers(s) of one"
            + " spec by (project_id, spec_id); then commit.";
    static final String TRANSITION_BASELINE = "transition: SELECT ... FOR UPDATE of the spec, UPDATE of status and"
            + " version, then the project's advisory lock and the TRANSITIONED event INSERT, in one transaction; update:"
            + " one UPDATE of model and version by (project_id, spec_id, version). gRPC rows: TransitionSpec"
            + " pending -> in_progress (preconditions, audit event) and UpdateSpec of model (UPDATED event).";

    private final Options options;
    private final GrpcClient client;
    private final Database db;
    private final Seeder seeder;
    private final PrintStream progress;
    private final String readyProject;
    private long readyProjectId;

    LifecycleWorkload(Options options, GrpcClient client, Database db, Seeder seeder, PrintStream progress) {
        this.options = options;
        this.client = client;
        this.db = db;
        this.seeder = seeder;
        this.progress = progress;
        this.readyProject = "bench-ready-" + options.listSpecs();
    }

    String readyProject() {
        return readyProject;
    }

    /** Makes sure the ready project holds its N specs with their dependency graph. */
    String seed() throws SQLException {
        String line = seeder.seed(readyProject, options.listSpecs(), LifecycleWorkload::graphSpec);
        readyProjectId = seeder.projectId(readyProject);
        return line;
    }

    /**
     * Spec {@code i} of the ready project: about 55% completed, 30% pending, 10% in progress, 5%
     * failed; most specs depend on the one before (a chain of work), some on one or two earlier
     * specs further back, and 3% wait for an approval.
     */
    static Seeder.SeedFile graphSpec(int i) {
        SplittableRandom r = new SplittableRandom(i * 0x94D049BB133111EBL + 11);
        String id = id(i);
        int s = r.nextInt(100);
        String status = s < 55 ? "completed" : s < 85 ? "pending" : s < 95 ? "in_progress" : "failed";
        List<String> deps = new ArrayList<>();
        int d = r.nextInt(100);
        if (i > 0 && d < 50) {
            deps.add(id(i - 1));
        } else if (i > 50 && d < 70) {
            deps.add(id(i - 1 - r.nextInt(50)));
        } else if (i > 500 && d < 80) {
            deps.add(id(i - 1 - r.nextInt(500)));
            deps.add(id(i - 1 - r.nextInt(20)));
        }
        String label = SpecSamples.LABELS.get(r.nextInt(SpecSamples.LABELS.size()));
        StringBuilder file = new StringBuilder("---\ntype: code\nstatus: ").append(status).append("\nlabels:\n- ")
                .append(label).append('\n');
        if (!deps.isEmpty()) {
            file.append("depends_on:\n");
            deps.stream().distinct().forEach(dep -> file.append("- ").append(dep).append('\n'));
        }
        if (r.nextInt(100) < 3) {
            file.append("approval:\n  required: true\n  status: pending\n");
        }
        file.append("---\n# Work item ").append(i).append("\n\n## Acceptance Criteria\n\n- [ ] Done\n");
        return new Seeder.SeedFile(id, file.toString());
    }

    private static String id(int i) {
        return LocalDate.of(2025, 1, 1).plusDays(i / 1000) + "-" + SpecSamples.base36(i % 1000 + 1) + "-r"
                + SpecSamples.base36(i % 1296).substring(1);
    }

    /** ListReadySpecs and GetBlockers over the ready project, next to their SQL. */
    Report measureReady() throws SQLException {
        Report report = new Report(String.format(Locale.ROOT,
                "ready: ListReadySpecs (page_size %d) and GetBlockers over %,d specs with dependencies vs. SQL",
                PAGE_SIZE, options.listSpecs()), READY_BASELINE);
        String label = "perf";
        List<String> pending = pendingIds();
        verifyReadyMatches("");
        verifyReadyMatches(label);
        for (int threads : options.listConcurrency()) {
            int ops = options.listOps();
            report.add(new Report.Row("ready (no filter)", threads,
                    run("ready gRPC c=" + threads, threads, ops, (w, i) -> grpcReady("")),
                    runJdbcReady("ready JDBC c=" + threads, threads, ops, "")));
            report.add(new Report.Row("ready label=" + label, threads,
                    run("ready label gRPC c=" + threads, threads, ops, (w, i) -> grpcReady(label)),
                    runJdbcReady("ready label JDBC c=" + threads, threads, ops, label)));
            report.add(new Report.Row("blockers of a pending spec", threads,
                    run("blockers gRPC c=" + threads, threads, ops, (w, i) -> client.lifecycle().getBlockers(
                            GetBlockersRequest.newBuilder().setProject(readyProject)
                                    .setId(pending.get(i % pending.size())).build())),
                    runJdbcBlockers("blockers JDBC c=" + threads, threads, ops, pending)));
        }
        return report;
    }

    /** TransitionSpec with its audit event next to a plain UpdateSpec, both through gRPC and JDBC. */
    Report measureTransitions(String stamp) throws SQLException {
        int ops = options.ops();
        String project = "bench-" + stamp + "-lifecycle";
        client.projects().createProject(CreateProjectRequest.newBuilder()
                .setProject(Project.newBuilder().setName(project)).build());
        progress.println("transitions: creating " + 4 * ops + " specs in " + project + " (not measured)");
        List<String> ids = new ArrayList<>();
        LoadRunner.run("transition set-up", 4, 4 * ops, (w, i) -> {
            String id = client.specs().createSpec(CreateSpecRequest.newBuilder().setProject(project)
                    .setTitle("Transition target " + i).build()).getSpec().getId();
            synchronized (ids) {
                ids.add(id);
            }
        });
        long projectId = seeder.projectId(project);
        List<String> grpcTransition = ids.subList(0, ops);
        List<String> grpcUpdate = ids.subList(ops, 2 * ops);
        List<String> jdbcTransition = ids.subList(2 * ops, 3 * ops);
        List<String> jdbcUpdate = ids.subList(3 * ops, 4 * ops);
        int threads = options.concurrency().get(Math.min(1, options.concurrency().size() - 1));
        Report report = new Report("transition with audit event vs. plain update", TRANSITION_BASELINE);
        report.add(new Report.Row("transition pending->in_progress", threads,
                run("transition gRPC c=" + threads, threads, ops, (w, i) -> client.lifecycle().transitionSpec(
                        TransitionSpecRequest.newBuilder().setProject(project).setId(grpcTransition.get(i))
                                .setTo(SpecStatus.SPEC_STATUS_IN_PROGRESS).build())),
                runJdbcTransitions("transition JDBC c=" + threads, threads, projectId, jdbcTransition)));
        report.add(new Report.Row("update model (plain)", threads,
                run("update gRPC c=" + threads, threads, ops, (w, i) -> client.specs().updateSpec(
                        UpdateSpecRequest.newBuilder().setProject(project).setId(grpcUpdate.get(i))
                                .setExpectedVersion(1).setModel("sonnet").build())),
                runJdbcUpdates("update JDBC c=" + threads, threads, projectId, jdbcUpdate)));
        return report;
    }

    private ListReadySpecsResponse grpcReady(String label) {
        ListReadySpecsRequest.Builder r = ListReadySpecsRequest.newBuilder().setProject(readyProject).setPageSize(PAGE_SIZE);
        if (!label.isEmpty()) {
            r.addLabels(label);
        }
        return client.lifecycle().listReadySpecs(r.build());
    }

    private static String readyWhere(String label) {
        return " WHERE s.project_id = ? AND NOT s.archived AND s.status IN ('PENDING', 'FAILED') AND NOT "
                + JdbcBaseline.WAITS
                + (label.isEmpty() ? "" : " AND s.labels && ARRAY[CAST(? AS text)]");
    }

    private List<String> jdbcReady(Connection c, PreparedStatement page, String label) throws SQLException {
        page.setLong(1, readyProjectId);
        if (!label.isEmpty()) {
            page.setString(2, label);
        }
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
                if (ids.size() < PAGE_SIZE) {
                    JdbcBaseline.readRow(rs);
                }
                ids.add(rs.getString(1));
            }
        }
        c.commit();
        return ids.subList(0, Math.min(PAGE_SIZE, ids.size()));
    }

    private LatencyRecorder.Stats runJdbcReady(String phase, int threads, int ops, String label) throws SQLException {
        Connection[] connections = db.open(threads);
        PreparedStatement[] page = Database.prepare(connections, "SELECT " + ListWorkload.LIST_FIELDS + " FROM spec s"
                + readyWhere(label) + " ORDER BY s.sort_key LIMIT " + (PAGE_SIZE + 1));
        try {
            return run(phase, threads, ops, (w, i) -> jdbcReady(connections[w], page[w], label));
        } finally {
            Database.close(page);
        }
    }

    private LatencyRecorder.Stats runJdbcBlockers(String phase, int threads, int ops, List<String> pending)
            throws SQLException {
        Connection[] connections = db.open(threads);
        PreparedStatement[] select = Database.prepare(connections, "SELECT b.kind, b.blocker_id, b.blocker_status"
                + " FROM spec s, spec_blockers(s) b WHERE s.project_id = ? AND s.spec_id = ?");
        try {
            return run(phase, threads, ops, (w, i) -> {
                select[w].setLong(1, readyProjectId);
                select[w].setString(2, pending.get(i % pending.size()));
                try (ResultSet rs = select[w].executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                connections[w].commit();
            });
        } finally {
            Database.close(select);
        }
    }

    private LatencyRecorder.Stats runJdbcTransitions(String phase, int threads, long projectId, List<String> ids)
            throws SQLException {
        Connection[] connections = db.open(threads);
        PreparedStatement[] lockSpec = Database.prepare(connections,
                "SELECT pk, status, version FROM spec WHERE project_id = ? AND spec_id = ? FOR UPDATE");
        PreparedStatement[] update = Database.prepare(connections,
                "UPDATE spec SET status = 'IN_PROGRESS', version = version + 1, updated_at = now() WHERE pk = ?");
        PreparedStatement[] lockEvents = Database.prepare(connections, JdbcBaseline.LOCK_EVENTS);
        PreparedStatement[] event = Database.prepare(connections, """
                INSERT INTO spec_event (project_id, spec_id, actor, kind, old_value, new_value, from_status, to_status)
                VALUES (?, ?, 'bench', 'TRANSITIONED', 'status: pending', 'status: in_progress', 'PENDING', 'IN_PROGRESS')""");
        try {
            return run(phase, threads, ids.size(), (w, i) -> {
                Connection c = connections[w];
                lockSpec[w].setLong(1, projectId);
                lockSpec[w].setString(2, ids.get(i));
                long pk;
                try (ResultSet rs = lockSpec[w].executeQuery()) {
                    rs.next();
                    pk = rs.getLong(1);
                }
                update[w].setLong(1, pk);
                update[w].executeUpdate();
                lockEvents[w].setLong(1, projectId);
                lockEvents[w].executeQuery().close();
                event[w].setLong(1, projectId);
                event[w].setString(2, ids.get(i));
                event[w].executeUpdate();
                c.commit();
            });
        } finally {
            Database.close(lockSpec);
            Database.close(update);
            Database.close(lockEvents);
            Database.close(event);
        }
    }

    private LatencyRecorder.Stats runJdbcUpdates(String phase, int threads, long projectId, List<String> ids)
            throws SQLException {
        Connection[] connections = db.open(threads);
        PreparedStatement[] update = Database.prepare(connections, "UPDATE spec SET model = 'sonnet',"
                + " version = version + 1, updated_at = now() WHERE project_id = ? AND spec_id = ? AND version = 1");
        try {
            return run(phase, threads, ids.size(), (w, i) -> {
                update[w].setLong(1, projectId);
                update[w].setString(2, ids.get(i));
                if (update[w].executeUpdate() != 1) {
                    throw new IllegalStateException("update of " + ids.get(i) + " changed no row");
                }
                connections[w].commit();
            });
        } finally {
            Database.close(update);
        }
    }

    /** The pending specs of the ready project that wait for something (blockers to explain). */
    private List<String> pendingIds() throws SQLException {
        Connection c = db.open(1)[0];
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT spec_id FROM spec s WHERE project_id = ?"
                + " AND status = 'PENDING' AND " + JdbcBaseline.WAITS + " ORDER BY sort_key LIMIT 1000")) {
            s.setLong(1, readyProjectId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        c.commit();
        if (ids.isEmpty()) {
            throw new BenchException("the ready project has no blocked spec to explain");
        }
        return ids;
    }

    private void verifyReadyMatches(String label) throws SQLException {
        Connection c = db.open(1)[0];
        List<String> jdbc;
        try (PreparedStatement page = c.prepareStatement("SELECT s.spec_id FROM spec s" + readyWhere(label)
                + " ORDER BY s.sort_key LIMIT " + (PAGE_SIZE + 1))) {
            jdbc = jdbcReady(c, page, label);
        }
        List<String> grpc = grpcReady(label).getSpecsList().stream().map(chant.v1.Spec::getId).toList();
        if (!grpc.equals(jdbc)) {
            throw new BenchException("the ready baseline does not return what ListReadySpecs returns (label '" + label
                    + "'): " + grpc.stream().limit(3).toList() + " vs " + jdbc.stream().limit(3).toList());
        }
    }

    private LatencyRecorder.Stats run(String phase, int threads, int ops, LoadRunner.Op op) {
        LatencyRecorder.Stats s = LoadRunner.run(phase, threads, ops, op).stats();
        progress.printf(Locale.ROOT, "  %-34s %6d ops  %9s ops/s  p50 %s ms  p99 %s ms%n", phase, s.count(),
                Report.opsPerSecond(s), Report.millis(s.p50Millis()), Report.millis(s.p99Millis()));
        return s;
    }

}
