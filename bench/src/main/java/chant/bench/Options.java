package chant.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Command-line options of the benchmark, with defaults from the environment. */
record Options(
        String server,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        int ops,
        List<Integer> concurrency,
        int listSpecs,
        int listOps,
        List<Integer> listConcurrency,
        int seedBatch,
        boolean quick,
        Set<Phase> phases,
        String agentServer,
        java.nio.file.Path agentServiceApp,
        int runs,
        int throughputRuns,
        int runConcurrency,
        int sandboxStarts,
        String mergeServer,
        int merges,
        String agentServer2,
        int claims,
        int claimers,
        String kubeServer,
        int jobs,
        int jobConcurrency) {

    /** The parts of a run, in the order they run. */
    enum Phase {
        CREATE, GET, LIST, READY, TRANSITION, RUNS, THROUGHPUT, SANDBOX, MERGES, CLAIMS, JOBS;

        /** The phases of a run without --phases: spec-service's (the run phases need agent-service too). */
        static final Set<Phase> DEFAULT = EnumSet.of(CREATE, GET, LIST, READY, TRANSITION);

        /** Phases that need agent-service (and its packaged application). */
        boolean needsAgentService() {
            return this == RUNS || this == THROUGHPUT || this == CLAIMS || this == JOBS;
        }

        String optionName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String USAGE = """
            usage: scripts/bench [options]
              --server HOST:PORT        spec-service gRPC address (default localhost:8181, env CHANT_SERVER)
              --jdbc-url URL            database of that service (default jdbc:postgresql://127.0.0.1:5432/chant,
                                        env CHANT_DB_URL)
              --db-user USER            (default chant, env CHANT_DB_USER)
              --db-password PASSWORD    (default chant, env CHANT_DB_PASSWORD)
              --ops N                   operations per create/get phase and concurrency level (default 2000)
              --concurrency 1,4,16      client threads of the create and get phases
              --list-specs N            specs in the project the list phase reads (default 100000)
              --list-ops N              operations per list query and concurrency level (default ops/10, at least 20)
              --list-concurrency 1,4,16 client threads of the list and ready phases
              --seed-batch N            files per ImportSpecs stream when seeding the list project (default 5000)
              --quick                   smoke run: ops 300, list-specs 10000 (explicit options still win)
              --phases create,get,...   run only these phases of create, get, list, ready, transition, runs,
                                        throughput, sandbox, merges, claims, jobs (default the first five; get reads the specs
                                        of create, so it needs create; runs and throughput need agent-service,
                                        merges needs merge-service)
              --agent-server HOST:PORT  agent-service gRPC address (default localhost:8182, env CHANT_AGENT_SERVER)
              --agent-service-app DIR   agent-service's packaged quarkus-app (the demo agent's classes and the
                                        sandbox; default agent-service/target/quarkus-app, env CHANT_AGENT_SERVICE_APP)
              --runs N                  runs one at a time in the runs phase, each side (default 10, quick 3)
              --throughput-runs N       runs of the throughput phase, each side (default 16, quick 8)
              --run-concurrency N       the baseline's threads in the throughput phase: the service's limit (default 4)
              --sandbox-starts N        starts of each process in the sandbox phase, each side (default 50)
              --merge-server HOST:PORT  merge-service gRPC address (default localhost:8183, env CHANT_MERGE_SERVER)
              --merges N                completed specs merged in the merges phase, each side (default 100, quick 20)
              --claims N                runs claimed (and finished) per side of the claims phase (default 2000, quick 300)
              --claimers N              claiming threads of the claims phase, each side (default 8)
              --agent-server2 HOST:PORT the second agent-service replica of the claims phase (env CHANT_AGENT_SERVER2;
                                        scripts/bench starts it); without it only one replica is measured
              --kube-server URL         the Kubernetes API (fabric8's mock server) agent-service makes its Jobs in, for
                                        the jobs phase (env CHANT_KUBE_SERVER; scripts/bench starts it)
              --jobs N                  runs brought to a Job and a runner reporting running, each side and level of
                                        the jobs phase (default 200, quick 40)
              --job-concurrency N       runs under way at once at the jobs phase's second level (default 8)
              --help
            Server and database must be on this machine (loopback): the benchmark never leaves it.
            Every call sends the bearer token in CHANT_TOKEN, else a platform admin token for subject bench
            minted with the services' local issuer key in CHANT_AUTH_KEY_DIR (scripts/bench sets it).""";

    /**
     * Files per ImportSpecs stream when seeding. spec-service imports a stream in one transaction
     * whose time grows with the square of its files (on two cores: 1,000 files about 11 s, 5,000
     * about 230 s; see docs/bench.md), so a smaller batch seeds several times faster.
     */
    static final int DEFAULT_SEED_BATCH = 5_000;

    static Options parse(String[] args, Map<String, String> env) {
        String server = env.getOrDefault("CHANT_SERVER", "localhost:8181");
        String jdbcUrl = env.getOrDefault("CHANT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/chant");
        String user = env.getOrDefault("CHANT_DB_USER", "chant");
        String password = env.getOrDefault("CHANT_DB_PASSWORD", "chant");
        Integer ops = null;
        Integer listSpecs = null;
        Integer listOps = null;
        List<Integer> concurrency = List.of(1, 4, 16);
        List<Integer> listConcurrency = List.of(1, 4, 16);
        int seedBatch = DEFAULT_SEED_BATCH;
        boolean quick = false;
        Set<Phase> phases = Phase.DEFAULT;
        String agentServer = env.getOrDefault("CHANT_AGENT_SERVER", "localhost:8182");
        String agentApp = env.getOrDefault("CHANT_AGENT_SERVICE_APP", "agent-service/target/quarkus-app");
        Integer runs = null;
        Integer throughputRuns = null;
        int runConcurrency = 4;
        int sandboxStarts = 50;
        String mergeServer = env.getOrDefault("CHANT_MERGE_SERVER", "localhost:8183");
        Integer merges = null;
        String agentServer2 = env.get("CHANT_AGENT_SERVER2");
        Integer claims = null;
        int claimers = 8;
        String kubeServer = env.get("CHANT_KUBE_SERVER");
        Integer jobs = null;
        int jobConcurrency = 8;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> throw new UsageException(null);
                case "--server", "--jdbc-url", "--db-user", "--db-password", "--ops", "--concurrency",
                        "--list-specs", "--list-ops", "--list-concurrency", "--seed-batch", "--phases",
                        "--agent-server", "--agent-service-app", "--runs", "--throughput-runs", "--run-concurrency",
                        "--sandbox-starts", "--merge-server", "--merges", "--claims", "--claimers", "--agent-server2",
                        "--kube-server", "--jobs", "--job-concurrency" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--server" -> server = value;
                        case "--jdbc-url" -> jdbcUrl = value;
                        case "--db-user" -> user = value;
                        case "--db-password" -> password = value;
                        case "--ops" -> ops = positive(arg, value);
                        case "--concurrency" -> concurrency = levels(arg, value);
                        case "--list-specs" -> listSpecs = positive(arg, value);
                        case "--list-ops" -> listOps = positive(arg, value);
                        case "--list-concurrency" -> listConcurrency = levels(arg, value);
                        case "--seed-batch" -> seedBatch = positive(arg, value);
                        case "--phases" -> phases = phases(arg, value);
                        case "--agent-server" -> agentServer = value;
                        case "--agent-service-app" -> agentApp = value;
                        case "--runs" -> runs = positive(arg, value);
                        case "--throughput-runs" -> throughputRuns = positive(arg, value);
                        case "--run-concurrency" -> runConcurrency = positive(arg, value);
                        case "--sandbox-starts" -> sandboxStarts = positive(arg, value);
                        case "--merge-server" -> mergeServer = value;
                        case "--merges" -> merges = positive(arg, value);
                        case "--claims" -> claims = positive(arg, value);
                        case "--claimers" -> claimers = threads(arg, value);
                        case "--agent-server2" -> agentServer2 = value;
                        case "--kube-server" -> kubeServer = value;
                        case "--jobs" -> jobs = positive(arg, value);
                        case "--job-concurrency" -> jobConcurrency = threads(arg, value);
                        default -> throw new AssertionError(arg);
                    }
                }
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if (phases.contains(Phase.GET) && !phases.contains(Phase.CREATE)) {
            throw new UsageException("--phases: get reads the specs the create phase made; add create");
        }
        if (phases.contains(Phase.CLAIMS) && (phases.contains(Phase.RUNS) || phases.contains(Phase.THROUGHPUT))) {
            throw new UsageException("--phases: claims needs agent-service without its local backend, runs and throughput"
                    + " need it with; run claims on its own");
        }
        if (phases.contains(Phase.JOBS) && phases.stream().anyMatch(p -> p != Phase.JOBS && p.needsAgentService())) {
            throw new UsageException("--phases: jobs needs agent-service with its Kubernetes backend, which would take"
                    + " the other phases' runs; run jobs on its own");
        }
        int effectiveJobs = jobs != null ? jobs : quick ? 40 : 200;
        if (effectiveJobs < jobConcurrency) {
            throw new UsageException("--jobs " + effectiveJobs + " is less than --job-concurrency " + jobConcurrency);
        }
        int effectiveClaims = claims != null ? claims : quick ? 300 : 2000;
        if (effectiveClaims < claimers) {
            throw new UsageException("--claims " + effectiveClaims + " is less than --claimers " + claimers);
        }
        int effectiveOps = ops != null ? ops : quick ? 300 : 2000;
        int effectiveListSpecs = listSpecs != null ? listSpecs : quick ? 10_000 : 100_000;
        int effectiveListOps = listOps != null ? listOps : Math.max(20, effectiveOps / 10);
        int maxLevel = concurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (effectiveOps < maxLevel) {
            throw new UsageException("--ops " + effectiveOps + " is less than the highest concurrency " + maxLevel);
        }
        int maxListLevel = listConcurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (effectiveListOps < maxListLevel) {
            throw new UsageException("--list-ops " + effectiveListOps + " is less than the highest list concurrency "
                    + maxListLevel);
        }
        // IDs have three base36 digits of sequence per day: at most 46,655 creates per project and day.
        long creates = (long) effectiveOps * concurrency.size() + warmUpOps(effectiveOps);
        if (creates > 46_000) {
            throw new UsageException("--ops " + effectiveOps + " at " + concurrency.size() + " concurrency levels creates "
                    + creates + " specs in one project today; a project holds at most 46,655 new IDs a day");
        }
        return new Options(server, jdbcUrl, user, password, effectiveOps, concurrency, effectiveListSpecs,
                effectiveListOps, listConcurrency, seedBatch, quick, Set.copyOf(phases), agentServer,
                java.nio.file.Path.of(agentApp).toAbsolutePath(), runs != null ? runs : quick ? 3 : 10,
                throughputRuns != null ? throughputRuns : quick ? 8 : 16, runConcurrency, sandboxStarts, mergeServer,
                merges != null ? merges : quick ? 20 : 100,
                agentServer2 == null || agentServer2.isBlank() ? null : agentServer2.strip(), effectiveClaims, claimers,
                kubeServer == null || kubeServer.isBlank() ? null : kubeServer.strip(), effectiveJobs, jobConcurrency);
    }

    boolean runs(Phase phase) {
        return phases.contains(phase);
    }

    /** Unmeasured operations run before a measured phase so that both sides start warm. */
    static int warmUpOps(int ops) {
        return Math.max(20, ops / 10);
    }

    String host() {
        return host(server);
    }

    int port() {
        return port("--server", server, 8181);
    }

    String agentHost() {
        return host(agentServer);
    }

    int agentPort() {
        return port("--agent-server", agentServer, 8182);
    }

    String mergeHost() {
        return host(mergeServer);
    }

    int mergePort() {
        return port("--merge-server", mergeServer, 8183);
    }

    /** Whether any chosen phase needs agent-service. */
    boolean needsAgentService() {
        return phases.stream().anyMatch(Phase::needsAgentService);
    }

    private static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    private static int port(String option, String address, int fallback) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return fallback;
        }
        try {
            return Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " " + address + ": the port is not a number");
        }
    }

    /** Refuses a server or database that is not on this machine. */
    void requireLoopback() {
        requireLoopback("--server", host());
        if (needsAgentService()) {
            requireLoopback("--agent-server", agentHost());
        }
        if (runs(Phase.CLAIMS) && agentServer2 != null) {
            requireLoopback("--agent-server2", host(agentServer2));
            port("--agent-server2", agentServer2, 8182);
        }
        if (runs(Phase.JOBS)) {
            if (kubeServer == null) {
                throw new UsageException("--phases jobs: set --kube-server (or CHANT_KUBE_SERVER) to the mock API server"
                        + " agent-service's Kubernetes backend uses; scripts/bench starts one");
            }
            URI kube = URI.create(kubeServer);
            if (kube.getHost() == null) {
                throw new UsageException("--kube-server " + kubeServer + ": expected http://HOST:PORT");
            }
            requireLoopback("--kube-server", kube.getHost());
        }
        if (runs(Phase.MERGES)) {
            requireLoopback("--merge-server", mergeHost());
        }
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new UsageException("--jdbc-url " + jdbcUrl + ": expected jdbc:postgresql://HOST:PORT/DATABASE");
        }
        String host = URI.create(jdbcUrl.substring("jdbc:".length())).getHost();
        requireLoopback("--jdbc-url", host == null ? "localhost" : host);
    }

    private static void requireLoopback(String option, String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    throw new UsageException(option + ": " + host + " is not this machine; the benchmark only runs"
                            + " against loopback addresses");
                }
            }
        } catch (UnknownHostException e) {
            throw new UsageException(option + ": unknown host " + host);
        }
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new UsageException(option + " must be at least 1, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " expects a number, got '" + value + "'");
        }
    }

    private static Set<Phase> phases(String option, String value) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String part : value.split(",")) {
            String name = part.trim();
            Phase phase = null;
            for (Phase p : Phase.values()) {
                if (p.optionName().equals(name)) {
                    phase = p;
                }
            }
            if (phase == null) {
                throw new UsageException(option + ": unknown phase '" + name + "'; phases are create, get, list, ready,"
                        + " transition, runs, throughput, sandbox, merges, claims, jobs");
            }
            phases.add(phase);
        }
        return phases;
    }

    /** Claiming threads: at least 1, at most 256 (as the other thread options). */
    static int threads(String option, String value) {
        int n = positive(option, value);
        if (n > 256) {
            throw new UsageException(option + ": " + n + " threads is more than this benchmark allows (256)");
        }
        return n;
    }

    private static List<Integer> levels(String option, String value) {
        List<Integer> levels = new ArrayList<>();
        for (String part : value.split(",")) {
            int n = positive(option, part.trim());
            if (n > 256) {
                throw new UsageException(option + ": " + n + " threads is more than this benchmark allows (256)");
            }
            if (!levels.contains(n)) {
                levels.add(n);
            }
        }
        return List.copyOf(levels);
    }

    /** Wrong command line: the message (or the usage when null) is printed and the run stops. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
