package chant.agent.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One run of an agent on a spec (table {@code run}). Its status changes only under a row lock
 * ({@link Runs}, {@code chant.agent.queue.RunQueue}); every time in it is the database's clock.
 */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String project;

    @Column(name = "spec_id")
    public String specId;

    public String prompt;
    /** What the run does ({@link chant.agent.work.RunKind#dbName()}): work or split. */
    public String kind = "work";
    /** A merge-conflict run's target branch (the spec's branch is rebased onto it); "" for other kinds. */
    @Column(name = "target_branch")
    public String targetBranch = "";
    /** A verify run's commit, the ref of the remote it is fetched from, its command and its limit; "" and empty else. */
    @Column(name = "verify_commit")
    public String verifyCommit = "";
    @Column(name = "verify_ref")
    public String verifyRef = "";
    @Column(name = "verify_command")
    public String[] verifyCommand = new String[0];
    @Column(name = "verify_timeout_seconds")
    public int verifyTimeoutSeconds;
    /** What a verify run's command did, once its runner reported it; null before. */
    @Column(name = "verify_exit_code")
    public Integer verifyExitCode;
    @Column(name = "verify_timed_out")
    public Boolean verifyTimedOut;
    @Column(name = "verify_output")
    public String verifyOutput;
    @Column(name = "verify_millis")
    public Long verifyMillis;
    /** A split run's checked members (JSON), once its runner recorded them; null before. */
    @Column(name = "split_plan")
    public String splitPlan;
    public String provider;
    public String model;
    public String backend;
    public RunStatus status;
    public int attempt;

    @Column(name = "base_commit")
    public String baseCommit;

    @Column(name = "head_commit")
    public String headCommit;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "create_request_id")
    public String createRequestId;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "cost_usd")
    public BigDecimal costUsd;

    @Column(name = "input_tokens")
    public Long inputTokens;

    @Column(name = "output_tokens")
    public Long outputTokens;

    @Column(name = "end_reason")
    public String endReason;

    @Column(name = "finished_epoch")
    public Long finishedEpoch;

    @Column(name = "retry_reason")
    public String retryReason;

    @Column(name = "timeout_seconds")
    public int timeoutSeconds;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "cancel_requested")
    public boolean cancelRequested;

    @Column(name = "cancel_requested_by")
    public String cancelRequestedBy;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_epoch")
    public long leaseEpoch;

    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    /** A pause (or takeover) was requested while a runner held the run; the runner keeps the checkout. */
    @Column(name = "pause_requested")
    public boolean pauseRequested;

    @Column(name = "pause_requested_by")
    public String pauseRequestedBy;

    /** The pause is a takeover: a person continues in the kept checkout. */
    public boolean takeover;

    /** Where the run's checkout was kept (under {@code <work-root>/kept}); "" when none was. */
    @Column(name = "kept_checkout")
    public String keptCheckout = "";

    /** "paused by alice" or "taken over by alice". */
    public String pausedByText() {
        return (takeover ? "taken over by " : "paused by ") + pauseRequestedBy;
    }

    /** The delivery of the run's result to its spec: "", "pending", "delivered" or "refused: why". */
    @Column(name = "spec_delivery")
    public String specDelivery = "";

    /** The spec's status once the result was delivered. */
    @Column(name = "spec_status_after")
    public String specStatusAfter = "";

    /**
     * The end of the run's log. Read-only here: only {@code chant.agent.log.RunLogs} moves it (with
     * SQL, under the row lock), so that no flush of this entity can write back an older value.
     */
    @Column(name = "log_size", insertable = false, updatable = false)
    public long logSize;

    /** Where the log's truncation marker starts; null while the log is below its cap. Read-only, as logSize. */
    @Column(name = "log_truncated_at", insertable = false, updatable = false)
    public Long logTruncatedAt;

    /** Ends the run now with {@code status} and {@code reason}; the lease is gone, a result for the spec is due. */
    public void end(RunStatus to, String reason, Instant now) {
        status = to;
        endReason = reason;
        endedAt = now;
        // A split run reports nothing to its spec (the members it created are its result), nor does a verify run.
        specDelivery = isSplit() || runKind() == chant.agent.work.RunKind.VERIFY ? "" : "pending";
        releaseLease();
    }

    /** The ended run as its spec's delivery sees it. */
    public chant.agent.delivery.SpecDeliveries.EndedRun asEnded() {
        return new chant.agent.delivery.SpecDeliveries.EndedRun(id, project, specId, createdBy, status.dbName(), endReason,
                runKind());
    }

    public chant.agent.work.RunKind runKind() {
        return chant.agent.work.RunKind.fromDb(kind);
    }

    /** What a verify run verifies; empty for other kinds. */
    public java.util.Optional<chant.agent.work.VerifyTask> verifyTask() {
        return runKind() != chant.agent.work.RunKind.VERIFY ? java.util.Optional.empty()
                : java.util.Optional.of(new chant.agent.work.VerifyTask(verifyCommit, verifyRef,
                        java.util.List.of(verifyCommand), verifyTimeoutSeconds));
    }

    /** What a verify run's command did, once reported. */
    public java.util.Optional<chant.support.verify.Verification> verification() {
        return verifyExitCode == null ? java.util.Optional.empty()
                : java.util.Optional.of(new chant.support.verify.Verification(verifyCommit, verifyExitCode,
                        Boolean.TRUE.equals(verifyTimedOut), verifyOutput == null ? "" : verifyOutput,
                        java.time.Duration.ofMillis(verifyMillis == null ? 0 : verifyMillis)));
    }

    public boolean isSplit() {
        return runKind() == chant.agent.work.RunKind.SPLIT;
    }

    public void releaseLease() {
        leaseOwner = null;
        leaseExpiresAt = null;
    }

    /** "run 12" */
    public String label() {
        return "run " + id;
    }
}
