package chant.cli.run;

import chant.cli.Timing;
import chant.cli.error.ExitCodes;
import chant.cli.error.StatusMessages;
import chant.v1.Run;
import chant.v1.Spec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code chant work} on more than one spec: the members of a driver, the ready specs of a label, or
 * a chain of whatever becomes ready next. One at a time (the default) it prints each run's log as
 * {@code chant work} does and stops at the first run that does not complete its spec. With
 * {@code --parallel N} it keeps up to N runs going, prints a line as each starts and as each ends,
 * and goes on past a failure with the specs that do not depend on it.
 *
 * <p>Each spec is started at most once per batch: a spec whose run failed is ready again (for a
 * retry), and a batch must not retry it on its own. A spec that agent-service refuses at the start
 * (it has a run already, or stopped being ready) is skipped with the reason.
 */
final class WorkBatch {

    /** The specs a batch may start now, in the order to start them. */
    @FunctionalInterface
    interface Candidates {
        List<Spec> readyNow();
    }

    /** How a batch starts, follows and reads runs. */
    interface Runs {
        /** Queues a run of the spec. A refusal is a {@link StatusRuntimeException}. */
        Run enqueue(Spec spec);

        /** Prints the run's log until it ends, then the line that says how; returns that end's exit code. */
        int follow(Run run) throws InterruptedException;

        Run get(long runId);
    }

    /** What came of one spec of the batch. */
    record Outcome(String specId, String line, int exitCode) {
        boolean completed() {
            return exitCode == ExitCodes.OK;
        }
    }

    /** What came of the batch: every spec it started or skipped, in order, and whether Ctrl-C ended it. */
    record Result(List<Outcome> outcomes, List<String> skipped, boolean interrupted) {
        /** The exit code of the first run that did not complete its spec; 0 when every one did. */
        int exitCode() {
            if (interrupted) {
                return ExitCodes.INTERRUPTED;
            }
            return outcomes.stream().mapToInt(Outcome::exitCode).filter(code -> code != ExitCodes.OK).findFirst()
                    .orElse(ExitCodes.OK);
        }

        List<Outcome> failures() {
            return outcomes.stream().filter(o -> !o.completed()).toList();
        }
    }

    private final Runs runs;
    private final Timing timing;
    private final PrintWriter out;
    private final int parallel;
    private final int max;
    private final BooleanSupplier interrupted;
    private final Map<String, String> titles = new java.util.HashMap<>();

    /**
     * @param parallel    how many runs at once (1: one after another, logs printed)
     * @param max         how many runs the batch starts at most
     * @param interrupted whether Ctrl-C was pressed (checked between polls when runs go in parallel)
     */
    WorkBatch(Runs runs, Timing timing, PrintWriter out, int parallel, int max, BooleanSupplier interrupted) {
        if (parallel < 1 || max < 1) {
            throw new IllegalArgumentException("parallel and max must be positive");
        }
        this.runs = runs;
        this.timing = timing;
        this.out = out;
        this.parallel = parallel;
        this.max = max;
        this.interrupted = interrupted;
    }

    Result work(Candidates candidates) throws InterruptedException {
        return parallel == 1 ? oneAtATime(candidates) : inParallel(candidates);
    }

    private Result oneAtATime(Candidates candidates) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        while (outcomes.size() < max) {
            Run run = startNext(candidates, tried, skipped);
            if (run == null) {
                break;
            }
            out.println();
            out.println("== " + RunText.runOf(run) + ": " + titles.get(run.getSpecId()));
            out.flush();
            int code = runs.follow(run);
            if (code == ExitCodes.INTERRUPTED) {
                return new Result(outcomes, skipped, true);
            }
            outcomes.add(new Outcome(run.getSpecId(), "run " + run.getId() + " of spec " + run.getSpecId(), code));
            if (code != ExitCodes.OK) {
                break;
            }
        }
        return new Result(outcomes, skipped, false);
    }

    private Result inParallel(Candidates candidates) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        Map<Long, Running> going = new LinkedHashMap<>();
        int started = 0;
        while (true) {
            while (going.size() < parallel && started < max) {
                Run run = startNext(candidates, tried, skipped);
                if (run == null) {
                    break;
                }
                started++;
                going.put(run.getId(), new Running(run));
                out.println("started " + RunText.runOf(run) + " (" + RunText.provider(run) + "); its log: chant log "
                        + run.getSpecId() + " --follow");
                out.flush();
            }
            if (going.isEmpty()) {
                return new Result(outcomes, skipped, false);
            }
            timing.sleep(RunEnd.POLL);
            if (interrupted.getAsBoolean()) {
                return new Result(outcomes, skipped, true);
            }
            for (var it = going.values().iterator(); it.hasNext(); ) {
                Running running = it.next();
                Run now = runs.get(running.run.getId());
                if (running.ended(now, timing.nanoTime())) {
                    RunEnd.Report report = RunEnd.report(now);
                    out.println(report.line());
                    out.flush();
                    outcomes.add(new Outcome(now.getSpecId(), report.line(), report.exitCode()));
                    it.remove();
                }
            }
        }
    }

    /** A run of the batch in parallel mode, and since when it is seen ended (to wait for its result). */
    private static final class Running {
        final Run run;
        long endSeen = -1;

        Running(Run run) {
            this.run = run;
        }

        /** Ended, and its result delivered or no longer waited for (as {@link RunEnd#awaitDelivery} waits). */
        boolean ended(Run now, long nanoTime) {
            if (RunText.active(now)) {
                return false;
            }
            if (endSeen < 0) {
                endSeen = nanoTime;
            }
            return !now.getSpecDelivery().equals(RunText.PENDING) || nanoTime - endSeen >= RunEnd.DELIVERY_WAIT.toNanos();
        }
    }

    /**
     * Queues a run of the first candidate not tried yet, skipping those agent-service refuses; null
     * when no candidate is left.
     */
    private Run startNext(Candidates candidates, Set<String> tried, List<String> skipped) {
        for (Spec spec : candidates.readyNow()) {
            if (!tried.add(spec.getId())) {
                continue;
            }
            titles.put(spec.getId(), spec.getTitle());
            try {
                return runs.enqueue(spec);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
                    throw e;
                }
                String line = "skipped spec " + spec.getId() + ": "
                        + StatusMessages.oneLine(java.util.Objects.toString(e.getStatus().getDescription(), ""));
                out.println(line);
                out.flush();
                skipped.add(line);
            }
        }
        return null;
    }
}
