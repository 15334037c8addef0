package chant.agent.runner;

import chant.agent.remote.AgentServiceClient;
import chant.support.remote.RemoteException;
import chant.agent.work.BeatAnswer;
import chant.agent.work.LeaseLostException;
import chant.agent.work.Progress;
import chant.agent.work.RunTicket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Renews the run's lease every few seconds with the current step. A refused lease or a cancellation
 * is remembered and handed to {@code onStop} once, so the runner stops its agent at once; an
 * unreachable agent-service is simply tried again at the next beat (the runner outlives a restart
 * of the service, and its lease covers a few missed beats).
 */
final class Heartbeats implements AutoCloseable {

    enum Stop { NONE, CANCELLED, PAUSED, LEASE_LOST }

    private final AgentServiceClient agent;
    private final RunTicket run;
    private final Consumer<String> log;
    private final Runnable onStop;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile Progress progress = Progress.PREPARING;
    private volatile String baseCommit = "";
    private volatile Stop stop = Stop.NONE;
    private volatile String stopReason = "";
    private volatile boolean warnedUnreachable;
    private volatile boolean takeover;

    Heartbeats(AgentServiceClient agent, RunTicket run, int intervalSeconds, Consumer<String> log, Runnable onStop) {
        this.agent = agent;
        this.run = run;
        this.log = log;
        this.onStop = onStop;
        timer.scheduleWithFixedDelay(this::beat, intervalSeconds, Math.max(1, intervalSeconds), TimeUnit.SECONDS);
    }

    /** Moves to the next step and reports it at once. */
    void progress(Progress next, String base) {
        progress = next;
        if (base != null) {
            baseCommit = base;
        }
        timer.execute(() -> beat());
    }

    Stop stop() {
        return stop;
    }

    /** Whether the pause is a takeover: a person continues in the checkout. */
    boolean takeover() {
        return takeover;
    }

    String stopReason() {
        return stopReason;
    }

    /**
     * Moves to {@code next} and waits until agent-service confirms the lease, trying every second
     * while it cannot be reached, for at most {@code patience}. True when the lease holds: it then
     * lasts a whole lease from now, so no other attempt can start meanwhile. False when it was lost
     * ({@link #stop()} says so) or could not be confirmed in time.
     */
    boolean confirm(Progress next, Duration patience) {
        progress = next;
        Instant giveUp = Instant.now().plus(patience);
        while (stop != Stop.LEASE_LOST) {
            if (beat()) {
                return stop != Stop.LEASE_LOST;
            }
            if (stop == Stop.LEASE_LOST || Instant.now().isAfter(giveUp)) {
                return false;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** One heartbeat; true when agent-service answered (the lease holds, or it said the lease is lost). */
    private boolean beat() {
        if (stop == Stop.LEASE_LOST) {
            return true;
        }
        try {
            BeatAnswer answer = agent.heartbeat(run, progress, baseCommit);
            if (warnedUnreachable) {
                log.accept("chant: agent-service answers again");
                warnedUnreachable = false;
            }
            if (answer.pauseRequested()) {
                takeover = takeover || answer.takeover();
                if (stop == Stop.NONE) {
                    stopWith(Stop.PAUSED, answer.takeover() ? "the run is taken over" : "the run was paused");
                }
            } else if (answer.cancelRequested() && stop == Stop.NONE) {
                stopWith(Stop.CANCELLED, "the run was cancelled");
            }
            return true;
        } catch (LeaseLostException e) {
            stopWith(Stop.LEASE_LOST, e.getMessage());
            return true;
        } catch (RemoteException e) {
            if (!warnedUnreachable) {
                log.accept("chant: heartbeat failed (" + e.getMessage() + "); trying again");
                warnedUnreachable = true;
            }
            return false;
        } catch (RuntimeException e) {
            log.accept("chant: heartbeat failed: " + e);
            return false;
        }
    }

    private synchronized void stopWith(Stop why, String reason) {
        if (stop != Stop.NONE) {
            return;
        }
        stopReason = reason;
        stop = why;
        onStop.run();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
