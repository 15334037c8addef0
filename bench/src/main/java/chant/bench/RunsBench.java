package chant.bench;

import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.Project;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;

/**
 * The run phases (issue 7): one run at a time from "start work" to the agent running and from the
 * agent's end to the branch pushed, and many short runs at the concurrency limit, each next to the
 * same work done raw on the same repository in the same run ({@link RawRun}). The platform side is
 * what a client sees ({@link PlatformRun}).
 */
final class RunsBench {

    static final String START_FIGURE = "start: EnqueueRun → agent's first line";
    static final String PUSHED_FIGURE = "end: agent's last line → \"pushed\" line";
    static final String END_FIGURE = "end: agent's last line → run ended";
    static final String TOTAL_FIGURE = "whole run: EnqueueRun → run ended";

    private final Options options;
    private final GrpcClient specs;
    private final AgentClient agent;
    private final PrintStream progress;
    private final String project;
    private RunRepository repo;
    private int specs_made;
    private final String stamp;

    RunsBench(Options options, GrpcClient specs, AgentClient agent, String stamp, PrintStream progress) {
        this.options = options;
        this.specs = specs;
        this.agent = agent;
        this.progress = progress;
        this.stamp = stamp;
        this.project = "bench-runs-" + stamp;
    }

    String project() {
        return project;
    }

    /** The remote, the baseline's clone and the project; once. */
    private void setUp() {
        if (repo != null) {
            return;
        }
        repo = RunRepository.create(options.agentServiceApp());
        specs.projects().createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder()
                .setName(project).setRepoUrl(repo.remote.toString()).setDefaultBranch("main")).build());
        progress.println("runs: project " + project + ", remote " + repo.remote);
    }

    private record Work(String specId, String title, String body, String rawBranch) {
    }

    private Work newSpec() {
        int n = ++specs_made;
        String name = "run-" + n;
        String title = "Bench " + name;
        String body = RunRepository.specBody(name);
        String id = specs.specs().createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle(title)
                .setBody(body).build()).getSpec().getId();
        return new Work(id, title, body, "raw-" + stamp + "-" + name);
    }

    private PlatformRun.Times platform(Work w) {
        return PlatformRun.run(agent, project, w.specId(), repo.remote);
    }

    private RawRun.Times raw(Work w) {
        return RawRun.run(repo, w.specId(), w.title(), w.body(), w.rawBranch());
    }

    /** One run at a time, platform and baseline alternating, after one unmeasured run of each. */
    String latency() {
        setUp();
        progress.println("runs: warm-up (one run each, unmeasured: the platform's first run clones its cache)");
        platform(newSpec());
        raw(newSpec());
        List<PlatformRun.Times> platform = new ArrayList<>();
        List<RawRun.Times> raw = new ArrayList<>();
        for (int i = 0; i < options.runs(); i++) {
            platform.add(platform(newSpec()));
            raw.add(raw(newSpec()));
            progress.printf(Locale.ROOT, "runs: %d of %d: platform start %.0f ms, end %.0f ms; raw start %.0f ms, end %.0f ms%n",
                    i + 1, options.runs(), platform.get(i).startFigure() / 1e6, platform.get(i).endFigure() / 1e6,
                    raw.get(i).startFigure() / 1e6, raw.get(i).endFigure() / 1e6);
        }
        RunTable figures = new RunTable("runs: one run at a time, platform vs. raw (" + options.runs() + " each)", List.of(
                "Platform: what a client sees (EnqueueRun, FollowLog from offset 0, lines stamped on arrival), provider demo;"
                        + " the run must succeed with its head on the remote.",
                "Baseline: git worktree add from a clone of the same remote, the spec file written, the same demo agent"
                        + " (same java, options, classes) started plainly, then git push of its one commit.",
                "start: platform EnqueueRun called → first [demo agent] line received; baseline worktree add started →"
                        + " the agent's first line.",
                "end: platform agent's last line received → run ended (FollowLog's end) or the runner's \"pushed\" line;"
                        + " baseline the agent's last line → its exit → git push done.",
                "ratio p50 = platform p50 ÷ baseline p50 (goal for start and end: at most 1.5x)."));
        Sample.add(figures, START_FIGURE, platform, PlatformRun.Times::startFigure, raw, RawRun.Times::startFigure);
        Sample.add(figures, PUSHED_FIGURE, platform, PlatformRun.Times::pushedFigure, raw, RawRun.Times::endFigure);
        Sample.add(figures, END_FIGURE, platform, PlatformRun.Times::endFigure, raw, RawRun.Times::endFigure);
        Sample.add(figures, TOTAL_FIGURE, platform, PlatformRun.Times::total, raw, RawRun.Times::total);
        return figures.render() + "\n" + breakdown(platform, raw);
    }

    /** Where the time of a platform run goes, step by step (medians), and the baseline's steps. */
    static String breakdown(List<PlatformRun.Times> platform, List<RawRun.Times> raw) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"side", "step", "from → to", "p50 ms"});
        step(lines, "platform", "EnqueueRun", "call → answer", platform, t -> t.enqueued() - t.enqueue());
        step(lines, "platform", "enqueue and claim", "call → run's start_time (claimed)", platform,
                t -> t.claimed() - t.enqueue());
        step(lines, "platform", "runner start", "claimed → runner's first line", platform,
                t -> t.runnerFirstLine() - t.claimed());
        step(lines, "platform", "prepare", "runner's first line → \"checkout ... from\"", platform,
                t -> t.first("chant: checkout ") - t.runnerFirstLine());
        step(lines, "platform", "agent start", "\"checkout\" → agent's first line", platform,
                t -> t.agentFirst() - t.first("chant: checkout "));
        step(lines, "platform", "agent work", "agent's first → last line", platform,
                t -> t.agentLast() - t.agentFirst());
        step(lines, "platform", "agent exit, lease confirmed", "agent's last line → \"finalizing\"", platform,
                t -> t.first("chant: finalizing") - t.agentLast());
        step(lines, "platform", "finalize", "\"finalizing\" → \"pushed\"", platform,
                t -> t.first("chant: pushed") - t.first("chant: finalizing"));
        step(lines, "platform", "report", "\"pushed\" → run ended", platform,
                t -> t.ended() - t.first("chant: pushed"));
        step(lines, "baseline", "git worktree add", "", raw, t -> t.added() - t.start());
        step(lines, "baseline", "agent start", "spec written, agent started → first line", raw,
                t -> t.firstLine() - t.added());
        step(lines, "baseline", "agent work", "first → last line", raw, t -> t.lastLine() - t.firstLine());
        step(lines, "baseline", "agent exit", "last line → exit", raw, t -> t.exited() - t.lastLine());
        step(lines, "baseline", "git push", "", raw, t -> t.pushed() - t.exited());
        return Tables.markdown("runs: where the time goes (medians of the runs above)", lines,
                new boolean[] {false, false, false, true}, List.of(
                        "Platform lines are stamped when they reach the client (after the runner's log buffer and FollowLog);"
                                + " the claim time is the run's start_time (the database's clock, on this machine)."));
    }

    private static <T> void step(List<String[]> lines, String side, String step, String span, List<T> runs,
            ToLongFunction<T> f) {
        List<Long> values = runs.stream().map(t -> f.applyAsLong(t)).toList();
        String p50 = values.stream().anyMatch(v -> v < 0 || v > 3_600_000_000_000L) ? "n/a"
                : RunTable.ms(RunTable.Samples.of(values).medianMillis());
        lines.add(new String[] {side, step, span, p50});
    }

    /**
     * Many short runs at once: the platform gets them all enqueued together and works them at its
     * limit; the baseline does the same raw runs on {@code --run-concurrency} threads.
     */
    String throughput() throws InterruptedException {
        setUp();
        int n = options.throughputRuns();
        int threads = options.runConcurrency();
        List<Work> platformWork = new ArrayList<>();
        List<Work> rawWork = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            platformWork.add(newSpec());
            rawWork.add(newSpec());
        }
        progress.println("throughput: " + n + " runs enqueued at once, then " + n + " raw runs on " + threads + " threads");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(n, threads));
        try {
            long start = System.nanoTime();
            List<Future<PlatformRun.Times>> runs = new ArrayList<>();
            for (Work w : platformWork) {
                runs.add(pool.submit(() -> platform(w)));
            }
            List<PlatformRun.Times> platform = new ArrayList<>();
            for (Future<PlatformRun.Times> f : runs) {
                platform.add(Sample.get(f));
            }
            long platformWall = platform.stream().mapToLong(PlatformRun.Times::ended).max().orElseThrow() - start;

            ExecutorService rawPool = Executors.newFixedThreadPool(threads);
            List<RawRun.Times> raw = new ArrayList<>();
            long rawWall;
            try {
                long rawStart = System.nanoTime();
                List<Future<RawRun.Times>> rawRuns = new ArrayList<>();
                for (Work w : rawWork) {
                    rawRuns.add(rawPool.submit(() -> raw(w)));
                }
                for (Future<RawRun.Times> f : rawRuns) {
                    raw.add(Sample.get(f));
                }
                rawWall = raw.stream().mapToLong(RawRun.Times::pushed).max().orElseThrow() - rawStart;
            } finally {
                rawPool.shutdownNow();
            }
            List<String[]> lines = new ArrayList<>();
            lines.add(new String[] {"side", "runs", "at once", "wall s", "runs/s", "p50 per run ms", "ratio runs/s"});
            double platformRate = n / (platformWall / 1e9);
            double rawRate = n / (rawWall / 1e9);
            lines.add(new String[] {"platform", Integer.toString(n), "service limit", secs(platformWall),
                String.format(Locale.ROOT, "%.2f", platformRate),
                RunTable.ms(RunTable.Samples.of(platform.stream().map(PlatformRun.Times::total).toList()).medianMillis()), ""});
            lines.add(new String[] {"baseline", Integer.toString(n), Integer.toString(threads), secs(rawWall),
                String.format(Locale.ROOT, "%.2f", rawRate),
                RunTable.ms(RunTable.Samples.of(raw.stream().map(RawRun.Times::total).toList()).medianMillis()),
                Report.ratio(rawRate / platformRate)});
            return Tables.markdown("throughput: " + n + " short demo runs at the concurrency limit", lines,
                    new boolean[] {false, true, false, true, true, true, true}, List.of(
                            "Platform: all runs enqueued at once (one follower each), wall time from the first EnqueueRun"
                                    + " to the last run's end; agent-service works them at its limits"
                                    + " (max-active-runs, max-active-runs-per-project).",
                            "Baseline: the same raw run as above (worktree add, agent, push) on " + threads
                                    + " threads (--run-concurrency, meant to equal the service's limit).",
                            "ratio runs/s = baseline runs/s ÷ platform runs/s; p50 per run: EnqueueRun → ended, and"
                                    + " worktree add → pushed."));
        } finally {
            pool.shutdownNow();
        }
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /** Small helpers shared by the phases. */
    static final class Sample {
        private Sample() {
        }

        static <P, R> void add(RunTable table, String figure, List<P> platform, ToLongFunction<P> p, List<R> raw,
                ToLongFunction<R> r) {
            table.add(new RunTable.Row(figure, RunTable.Samples.of(platform.stream().map(p::applyAsLong).toList()),
                    RunTable.Samples.of(raw.stream().map(r::applyAsLong).toList())));
        }

        static <T> T get(Future<T> f) throws InterruptedException {
            try {
                return f.get(PlatformRun.RUN_DEADLINE_SECONDS * 2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new BenchException(e.getCause().toString(), e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new BenchException("a run did not end within " + PlatformRun.RUN_DEADLINE_SECONDS * 2 + " s");
            }
        }
    }
}
