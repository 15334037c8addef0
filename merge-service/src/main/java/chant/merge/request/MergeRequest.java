package chant.merge.request;

import chant.merge.git.Strategy;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A request to merge specs (table {@code merge_request}). It is inserted with its items in one
 * transaction; afterwards only the worker holding its queue's lease changes it (fenced by the
 * lease's epoch), and every change raises {@link #revision}, which watchers compare.
 */
@Entity
@Table(name = "merge_request")
public class MergeRequest extends PanacheEntityBase {

    @Id
    public Long id;

    public String project;

    @Column(name = "target_branch")
    public String targetBranch;

    @Enumerated(EnumType.STRING)
    public Strategy strategy;

    @Column(name = "dry_run")
    public boolean dryRun;

    @Column(name = "delete_branch")
    public boolean deleteBranch;

    @Column(name = "continue_on_error")
    public boolean continueOnError;

    @Enumerated(EnumType.STRING)
    public MergeStatus status;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    public long revision;

    @Enumerated(EnumType.STRING)
    public RequestKind kind = RequestKind.MERGE;

    /** ARCHIVE: cancelled specs are archived too. */
    public boolean force;

    /** ARCHIVE: the folder under {@code .chant/archive/} of its commit; empty until the commit is made. */
    @Column(name = "archive_folder")
    public String archiveFolder = "";

    /** A conflicting spec gets a merge-conflict run through agent-service. */
    public boolean resolve;
}
