package chant.merge.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One spec of a merge request, at its place in the order (table {@code merge_item}). */
@Entity
@Table(name = "merge_item")
@IdClass(MergeItem.Key.class)
public class MergeItem extends PanacheEntityBase {

    /** The primary key: the request and the place in it. */
    public static class Key implements Serializable {
        public Long mergeId;
        public Integer position;

        public Key() {
        }

        public Key(long mergeId, int position) {
            this.mergeId = mergeId;
            this.position = position;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(mergeId, k.mergeId) && Objects.equals(position, k.position);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mergeId, position);
        }
    }

    @Id
    @Column(name = "merge_id")
    public Long mergeId;

    @Id
    public Integer position;

    @Column(name = "spec_id")
    public String specId;

    public String title = "";
    public String branch = "";

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    public String reason = "";

    @Column(name = "conflict_files")
    public String conflictFiles = "";

    @Column(name = "merge_commit")
    public String mergeCommit = "";

    @Column(name = "target_before")
    public String targetBefore = "";

    @Column(name = "target_after")
    public String targetAfter = "";

    @Column(name = "intent_before")
    public String intentBefore;

    public String intent;

    @Column(name = "intent_commit")
    public String intentCommit;

    @Column(name = "record_pending")
    public boolean recordPending;

    @Column(name = "record_note")
    public String recordNote = "";

    /** The verify gate's last run on this spec's merge result: the commit it ran on; empty when it has not run. */
    @Column(name = "verify_commit")
    public String verifyCommit = "";

    @Column(name = "verify_exit_code")
    public int verifyExitCode;

    @Column(name = "verify_timed_out")
    public boolean verifyTimedOut;

    /** The tail of the command's output. */
    @Column(name = "verify_output")
    public String verifyOutput = "";

    @Column(name = "verify_duration_ms")
    public long verifyDurationMs;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** ARCHIVE: the folder under {@code .chant/archive/} its file is in on the target; empty for none. */
    @Column(name = "archive_folder")
    public String archiveFolder = "";

    /** How many merge-conflict runs the request started for this spec (the last one's attempt number). */
    @Column(name = "resolve_attempts")
    public int resolveAttempts;

    /** The last merge-conflict run's ID once agent-service answered; null before. */
    @Column(name = "resolve_run_id")
    public Long resolveRunId;

    @Column(name = "resolve_started_at")
    public Instant resolveStartedAt;

    public List<String> conflicts() {
        return conflictFiles.isEmpty() ? List.of() : Arrays.asList(conflictFiles.split("\n"));
    }

    /** Decides the item (an outcome other than PENDING) with why. */
    public void decide(Outcome outcome, String reason, List<String> conflicts, Instant now) {
        this.outcome = outcome;
        this.reason = reason;
        this.conflictFiles = String.join("\n", conflicts);
        this.endedAt = now;
    }
}
