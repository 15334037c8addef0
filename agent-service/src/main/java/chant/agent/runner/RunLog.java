package chant.agent.runner;

import chant.agent.remote.AgentServiceClient;
import chant.agent.secret.Redactor;
import chant.support.remote.RemoteException;
import chant.agent.work.LeaseLostException;
import chant.agent.work.RunTicket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The run's log as the runner writes it: lines are buffered and sent to agent-service every
 * {@link #FLUSH_MILLIS} ms by one thread, each append at the offset where the log ends, so a retry
 * after a lost answer stores nothing twice. While agent-service is unreachable the lines wait (up to
 * {@link #MAX_PENDING} bytes; beyond that they are dropped and a line says how many). Every line is
 * also printed to the runner's own output. Each line passes the run's {@link Redactor} first, which
 * knows the run's token: whatever an agent or an error message prints, the token is in no log.
 */
final class RunLog implements Consumer<String>, AutoCloseable {

    static final long FLUSH_MILLIS = 200;
    static final int MAX_CHUNK = 256 * 1024;
    static final int MAX_PENDING = 4 * 1024 * 1024;

    private final AgentServiceClient agent;
    private final RunTicket run;
    private final PrintStream echo;
    private final Redactor redactor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Thread flusher;
    private long offset;
    private long dropped;
    private boolean closing;
    private volatile boolean leaseLost;
    private volatile String remoteProblem;

    RunLog(AgentServiceClient agent, RunTicket run, long startOffset, PrintStream echo, Redactor redactor) {
        this.agent = agent;
        this.redactor = redactor;
        this.run = run;
        this.offset = startOffset;
        this.echo = echo;
        this.flusher = new Thread(this::flushLoop, "run-log-" + run.runId());
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Adds one line (a newline is appended). */
    @Override
    public void accept(String raw) {
        String line = redactor.redact(raw);
        echo.println(line);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (pending.size() + bytes.length > MAX_PENDING) {
                dropped += bytes.length;
            } else {
                if (dropped > 0) {
                    byte[] note = ("chant: " + dropped + " bytes of log were dropped while agent-service was unreachable\n")
                            .getBytes(StandardCharsets.UTF_8);
                    pending.write(note, 0, note.length);
                    dropped = 0;
                }
                pending.write(bytes, 0, bytes.length);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether agent-service refused the lease while sending. */
    boolean leaseLost() {
        return leaseLost;
    }

    private void flushLoop() {
        while (true) {
            byte[] chunk;
            lock.lock();
            try {
                while (pending.size() == 0 && !closing) {
                    changed.await();
                }
                if (pending.size() == 0 && closing) {
                    return;
                }
                byte[] all = pending.toByteArray();
                chunk = java.util.Arrays.copyOf(all, Math.min(all.length, MAX_CHUNK));
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (send(chunk)) {
                lock.lock();
                try {
                    byte[] all = pending.toByteArray();
                    pending.reset();
                    pending.write(all, chunk.length, all.length - chunk.length);
                } finally {
                    lock.unlock();
                }
            } else if (leaseLost || remoteProblem != null) {
                return;
            } else {
                pause();
            }
        }
    }

    /** Sends one chunk; false when it must wait and be sent again. */
    private boolean send(byte[] chunk) {
        try {
            offset = agent.appendLog(run, offset, chunk);
            return true;
        } catch (LeaseLostException e) {
            leaseLost = true;
            echo.println("chant: the run's lease is lost, the log stops here: " + e.getMessage());
            return false;
        } catch (RemoteException e) {
            if (e.retryable()) {
                return false;
            }
            remoteProblem = e.getMessage();
            echo.println("chant: agent-service refused the log (" + e.getMessage() + "); it continues only here");
            return false;
        }
    }

    private void pause() {
        lock.lock();
        try {
            changed.await(FLUSH_MILLIS * 5, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Sends what is left (waiting at most {@code millis} for agent-service) and stops. */
    void close(long millis) {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(30_000);
    }
}
