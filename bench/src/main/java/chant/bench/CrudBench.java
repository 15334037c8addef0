package chant.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The create and get phases. At every concurrency level the same number of creates (then gets)
 * runs through gRPC and then through the JDBC baseline, each side into its own project of this run.
 * Before measuring, each side runs a short unmeasured warm-up at concurrency 1.
 */
final class CrudBench {

    static final String CREATE_BASELINE = "per create one transaction writing the rows the service writes: the"
            + " per-day ID sequence upsert on spec.id_sequence, an INSERT of the same columns into spec.spec, and the"
            + " CREATED audit event into spec.spec_event under the project's advisory lock (one connection per"
            + " thread, autocommit off).";
    static final String GET_BASELINE = "per get one SELECT by (project_id, spec_id) of the columns GetSpec returns"
            + " plus the readiness check (spec_waits behind the cheap test) for the effective status, decoding every"
            + " column, then commit.";

    private final Options options;
    private final GrpcWorkload grpc;
    private final JdbcBaseline jdbc;
    private final Database db;
    private final PrintStream progress;
    private final List<String> grpcIds = new ArrayList<>();
    private final List<String> jdbcIds = new ArrayList<>();
    private long sampleNumber;

    CrudBench(Options options, GrpcWorkload grpc, JdbcBaseline jdbc, Database db, PrintStream progress) {
        this.options = options;
        this.grpc = grpc;
        this.jdbc = jdbc;
        this.db = db;
        this.progress = progress;
    }

    Report create() throws SQLException {
        Report report = new Report("create: CreateSpec vs. INSERT", CREATE_BASELINE);
        int warmUp = Options.warmUpOps(options.ops());
        runGrpcCreates("create warm-up gRPC", 1, warmUp);
        runJdbcCreates("create warm-up JDBC", 1, warmUp);
        for (int threads : options.concurrency()) {
            LoadRunner.Result g = runGrpcCreates("create gRPC c=" + threads, threads, options.ops());
            LoadRunner.Result j = runJdbcCreates("create JDBC c=" + threads, threads, options.ops());
            report.add(new Report.Row("create", threads, g.stats(), j.stats()));
        }
        return report;
    }

    Report get() throws SQLException {
        if (grpcIds.isEmpty() || jdbcIds.isEmpty()) {
            throw new IllegalStateException("get needs the specs of the create phase");
        }
        Report report = new Report("get: GetSpec by full ID vs. SELECT", GET_BASELINE);
        int warmUp = Options.warmUpOps(options.ops());
        runGrpcGets("get warm-up gRPC", 1, warmUp);
        runJdbcGets("get warm-up JDBC", 1, warmUp);
        for (int threads : options.concurrency()) {
            LoadRunner.Result g = runGrpcGets("get gRPC c=" + threads, threads, options.ops());
            LoadRunner.Result j = runJdbcGets("get JDBC c=" + threads, threads, options.ops());
            report.add(new Report.Row("get", threads, g.stats(), j.stats()));
        }
        return report;
    }

    private LoadRunner.Result runGrpcCreates(String phase, int threads, int ops) {
        SpecSamples.NewSpec[] samples = samples(ops);
        String[] ids = new String[ops];
        LoadRunner.Result result = LoadRunner.run(phase, threads, ops, (w, i) -> ids[i] = grpc.create(samples[i]));
        grpcIds.addAll(Arrays.asList(ids));
        return done(phase, result);
    }

    private LoadRunner.Result runJdbcCreates(String phase, int threads, int ops) throws SQLException {
        SpecSamples.NewSpec[] samples = samples(ops);
        String[] ids = new String[ops];
        Connection[] connections = db.open(threads);
        PreparedStatement[] sequence = Database.prepare(connections, JdbcBaseline.NEXT_SEQUENCE);
        PreparedStatement[] insert = Database.prepare(connections, JdbcBaseline.INSERT_SPEC);
        PreparedStatement[] lock = Database.prepare(connections, JdbcBaseline.LOCK_EVENTS);
        PreparedStatement[] event = Database.prepare(connections, JdbcBaseline.APPEND_EVENT);
        SplittableRandom[] randoms = randoms(threads);
        try {
            LoadRunner.Result result = LoadRunner.run(phase, threads, ops, (w, i) -> ids[i] = jdbc.create(
                    connections[w], new JdbcBaseline.CreateStatements(sequence[w], insert[w], lock[w], event[w]), samples[i], randoms[w]));
            jdbcIds.addAll(Arrays.asList(ids));
            return done(phase, result);
        } finally {
            Database.close(sequence);
            Database.close(insert);
            Database.close(lock);
            Database.close(event);
        }
    }

    private LoadRunner.Result runGrpcGets(String phase, int threads, int ops) {
        String[] targets = pick(grpcIds, ops);
        return done(phase, LoadRunner.run(phase, threads, ops, (w, i) -> grpc.get(targets[i])));
    }

    private LoadRunner.Result runJdbcGets(String phase, int threads, int ops) throws SQLException {
        String[] targets = pick(jdbcIds, ops);
        Connection[] connections = db.open(threads);
        PreparedStatement[] select = Database.prepare(connections, JdbcBaseline.SELECT_SPEC);
        try {
            return done(phase, LoadRunner.run(phase, threads, ops,
                    (w, i) -> jdbc.get(connections[w], select[w], targets[i])));
        } finally {
            Database.close(select);
        }
    }

    private SpecSamples.NewSpec[] samples(int ops) {
        SpecSamples.NewSpec[] samples = new SpecSamples.NewSpec[ops];
        for (int i = 0; i < ops; i++) {
            samples[i] = SpecSamples.newSpec(sampleNumber++);
        }
        return samples;
    }

    /** {@code ops} IDs drawn at random (with repeats) from the specs one side created. */
    private static String[] pick(List<String> ids, int ops) {
        SplittableRandom random = new SplittableRandom(ids.size() * 31L + ops);
        String[] out = new String[ops];
        for (int i = 0; i < ops; i++) {
            out[i] = ids.get(random.nextInt(ids.size()));
        }
        return out;
    }

    private static SplittableRandom[] randoms(int threads) {
        SplittableRandom[] randoms = new SplittableRandom[threads];
        SplittableRandom seed = new SplittableRandom();
        for (int i = 0; i < threads; i++) {
            randoms[i] = seed.split();
        }
        return randoms;
    }

    private LoadRunner.Result done(String phase, LoadRunner.Result result) {
        LatencyRecorder.Stats s = result.stats();
        progress.printf("  %-26s %6d ops  %9s ops/s  p50 %s ms  p99 %s ms%n", phase, s.count(),
                Report.opsPerSecond(s), Report.millis(s.p50Millis()), Report.millis(s.p99Millis()));
        return result;
    }
}
