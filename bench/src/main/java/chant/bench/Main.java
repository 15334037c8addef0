package chant.bench;

import chant.client.auth.BearerCredentials;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark of spec-service: create, get and list through gRPC against a running service, each
 * next to a raw baseline on the same database (plain JDBC) measured in the same run. The report goes
 * to standard output, progress to standard error. Every loop is bounded and every call has a
 * deadline: the run ends by itself.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(Options.parse(args, System.getenv()), System.getenv(), System.out, System.err);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println(Options.USAGE);
            status = e.getMessage() == null ? 0 : 2;
        }
        System.exit(status);
    }

    static int run(Options options, Map<String, String> env, PrintStream out, PrintStream progress) {
        options.requireLoopback();
        String stamp = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        BearerCredentials credentials;
        try {
            credentials = BenchToken.credentials(env, Clock.systemUTC());
        } catch (BenchException e) {
            progress.println("error: " + e.getMessage());
            return 1;
        }
        try (GrpcClient client = new GrpcClient(options.host(), options.port(), credentials);
                Database db = new Database(options.jdbcUrl(), options.dbUser(), options.dbPassword())) {
            out.println(header(options, db));
            out.flush();

            String grpcProject = "bench-" + stamp;
            String jdbcProject = "bench-" + stamp + "-jdbc";
            if (options.runs(Options.Phase.CREATE)) {
                progress.println("create/get: gRPC project " + grpcProject + ", JDBC baseline project " + jdbcProject);
                GrpcWorkload grpc = GrpcWorkload.withNewProject(client, grpcProject);
                JdbcBaseline jdbc = JdbcBaseline.withNewProject(db.open(1)[0], jdbcProject);
                CrudBench crud = new CrudBench(options, grpc, jdbc, db, progress);
                out.println(crud.create().render());
                out.flush();
                if (options.runs(Options.Phase.GET)) {
                    out.println(crud.get().render());
                    out.flush();
                }
            }

            Seeder seeder = new Seeder(options, client, db, progress);
            if (options.runs(Options.Phase.LIST)) {
                ListWorkload list = new ListWorkload(options, client, db, seeder, progress);
                progress.println("list: project " + list.project());
                out.println(list.seed());
                out.println();
                out.println(list.measure().render());
                out.flush();
            }

            LifecycleWorkload lifecycle = new LifecycleWorkload(options, client, db, seeder, progress);
            if (options.runs(Options.Phase.READY)) {
                progress.println("ready: project " + lifecycle.readyProject());
                out.println(lifecycle.seed());
                out.println();
                out.println(lifecycle.measureReady().render());
                out.flush();
            }
            if (options.runs(Options.Phase.TRANSITION)) {
                out.println(lifecycle.measureTransitions(stamp).render());
            }
            if (options.runs(Options.Phase.CLAIMS)) {
                try {
                    out.println(new ClaimsBench(options, client, db, env, stamp, progress).measure());
                    out.flush();
                } catch (io.grpc.StatusRuntimeException e) {
                    throw new BenchException("agent-service at " + options.agentServer() + " or spec-service: "
                            + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                                    : " " + e.getStatus().getDescription()), e);
                }
                out.println("Project bench-claims-<run> (its specs and failed runs) stays.");
            }
            if (options.runs(Options.Phase.JOBS)) {
                try (JobsBench jobs = new JobsBench(options, client, db, stamp, progress)) {
                    out.println(jobs.measure());
                    out.flush();
                } catch (io.grpc.StatusRuntimeException e) {
                    throw new BenchException("agent-service at " + options.agentServer() + " or spec-service: "
                            + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                                    : " " + e.getStatus().getDescription()), e);
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    throw new BenchException("the Kubernetes API at " + options.kubeServer() + ": " + e.getMessage(), e);
                }
                out.println("Project bench-jobs-<run> (its specs and failed runs) stays; the mock API server forgets"
                        + " its Jobs when it stops.");
            }
            if (options.runs(Options.Phase.RUNS) || options.runs(Options.Phase.THROUGHPUT)
                    || options.runs(Options.Phase.SANDBOX)) {
                runPhases(options, client, stamp, out, progress);
            }
            if (options.runs(Options.Phase.MERGES)) {
                try (MergeBench merges = new MergeBench(options, client, stamp, progress)) {
                    out.println(merges.measure());
                    out.flush();
                } catch (io.grpc.StatusRuntimeException e) {
                    throw new BenchException("merge-service at " + options.mergeServer() + " or spec-service: "
                            + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                                    : " " + e.getStatus().getDescription()), e);
                }
                out.println("Project bench-merges-<run> (its completed and merged specs) stays, and the temporary"
                        + " repository chant-bench-merges-* its repo_url names.");
            }
            if (options.runs(Options.Phase.RUNS) || options.runs(Options.Phase.THROUGHPUT)) {
                out.println("Project bench-runs-<run> (its specs and runs) stays, and the temporary repository"
                        + " chant-bench-runs-* its repo_url names.");
            }
            out.println("Projects bench-<run>, bench-<run>-jdbc and bench-<run>-lifecycle stay (small); bench-list-<N>"
                    + " and bench-ready-<N> stay and are reused by the next run.");
            return 0;
        } catch (BenchException e) {
            progress.println("error: " + e.getMessage());
            return 1;
        } catch (io.grpc.StatusRuntimeException e) {
            progress.println("error: spec-service at " + options.server() + ": " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription())
                    + (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
                            ? " (is it running? scripts/services start)" : "")
                    + (e.getStatus().getCode() == io.grpc.Status.Code.UNAUTHENTICATED
                            ? " (the bench sends CHANT_TOKEN, else a token minted with the key in CHANT_AUTH_KEY_DIR:"
                                    + " the services must verify with that key)" : ""));
            return 1;
        } catch (SQLException e) {
            progress.println("error: database " + options.jdbcUrl() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.println("error: interrupted");
            return 1;
        }
    }

    /** The phases of issue 7: runs through agent-service and the sandbox's start cost. */
    private static void runPhases(Options options, GrpcClient client, String stamp, PrintStream out, PrintStream progress)
            throws InterruptedException {
        try (AgentClient agent = new AgentClient(options.agentHost(), options.agentPort(), client.credentials())) {
            RunsBench runs = new RunsBench(options, client, agent, stamp, progress);
            try {
                if (options.runs(Options.Phase.RUNS)) {
                    out.println(runs.latency());
                    out.flush();
                }
                if (options.runs(Options.Phase.THROUGHPUT)) {
                    out.println(runs.throughput());
                    out.flush();
                }
            } catch (io.grpc.StatusRuntimeException e) {
                throw new BenchException("agent-service at " + options.agentServer() + " or spec-service: "
                        + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                                : " " + e.getStatus().getDescription()), e);
            }
            if (options.runs(Options.Phase.SANDBOX)) {
                RunRepository repo = RunRepository.create(options.agentServiceApp());
                out.println(new SandboxBench(options.agentServiceApp(), options.sandboxStarts()).measure(repo.rawClone));
                out.flush();
            }
        }
    }

    private static String header(Options options, Database db) throws SQLException {
        Runtime rt = Runtime.getRuntime();
        String postgres;
        Connection c = db.open(1)[0];
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            postgres = rs.getString(1);
        }
        c.commit();
        return String.format(Locale.ROOT, """
                # chant bench%s

                - date: %s
                - machine: %d cores, %s %s (%s), max heap %d MiB
                - JVM: %s %s (%s)
                - spec-service: %s (gRPC, plaintext over loopback); PostgreSQL %s at %s
                - settings: %,d ops per phase and level, concurrency %s; list over %,d specs, %,d ops per query and level, concurrency %s; seeding %,d files per ImportSpecs stream%s
                - warm-up: %,d unmeasured ops per side before create and get, a few before each list query
                - phases: %s%s
                """,
                options.quick() ? " (quick)" : "",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)).replaceAll("\\.\\d+", ""),
                rt.availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), rt.maxMemory() / (1024 * 1024),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"),
                options.server(), postgres, options.jdbcUrl(),
                options.ops(), options.concurrency(), options.listSpecs(), options.listOps(), options.listConcurrency(),
                options.seedBatch(), options.quick() ? " (--quick)" : "",
                Options.warmUpOps(options.ops()),
                options.phases().stream().sorted().map(Options.Phase::optionName).collect(java.util.stream.Collectors.joining(", ")),
                options.needsAgentService() ? String.format(Locale.ROOT,
                        "; agent-service %s; %d runs one at a time, %d in the throughput phase, baseline on %d threads",
                        options.agentServer(), options.runs(), options.throughputRuns(), options.runConcurrency())
                        + (options.runs(Options.Phase.CLAIMS) ? String.format(Locale.ROOT,
                                "; claims: %,d runs per side, %d claimers, second replica %s", options.claims(),
                                options.claimers(), options.agentServer2() == null ? "none" : options.agentServer2()) : "")
                        + (options.runs(Options.Phase.JOBS) ? String.format(Locale.ROOT,
                                "; jobs: %d runs per side and level, %d at once at the second, Kubernetes API %s",
                                options.jobs(), options.jobConcurrency(), options.kubeServer()) : "")
                        : "");
    }
}
