package chant.spec.store;

import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.MarkdownBody;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import chant.spec.id.SpecId;
import chant.spec.project.Project;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A stored spec. The columns hold the interpreted frontmatter fields (so that lists can filter
 * on them), {@link #extraFrontmatter} the others as YAML, and {@link #body} the markdown verbatim.
 * {@link #version} is the optimistic lock every update checks.
 */
@Entity
@Table(name = "spec")
public class Spec extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "project_id")
    public Project project;

    @Column(name = "spec_id")
    public String specId;

    @Column(name = "sort_key")
    public String sortKey;

    @Column(name = "random_suffix")
    public String randomSuffix;

    @Column(name = "driver_id")
    public String driverId;

    /** Highest member number ever handed out under this spec. */
    @Column(name = "last_member")
    public int lastMember;

    public String title;
    public String body;

    @Enumerated(EnumType.STRING)
    public SpecType type;

    @Enumerated(EnumType.STRING)
    public SpecStatus status;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> labels = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "depends_on")
    public List<String> dependsOn = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "informed_by")
    public List<String> informedBy = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> context = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "target_files")
    public List<String> targetFiles = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> origin = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> tracks = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> commits = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> members = new ArrayList<>();

    public String prompt;
    public String model;
    public String branch;

    @Column(name = "completed_at")
    public String completedAt;

    @Column(name = "approval_required")
    public Boolean approvalRequired;

    @Enumerated(EnumType.STRING)
    @Column(name = "approval_status")
    public ApprovalStatus approvalStatus;

    @Column(name = "approval_by")
    public String approvalBy;

    @Column(name = "approval_at")
    public String approvalAt;

    @Column(name = "extra_frontmatter")
    public String extraFrontmatter = "";

    /** How the spec's file spelled values otherwise than the platform does (StoredFileStyle); '' for none. */
    @Column(name = "file_style")
    public String fileStyle = "";

    @Column(name = "criteria_total")
    public int criteriaTotal;

    @Column(name = "criteria_checked")
    public int criteriaChecked;

    public boolean archived;

    /** The commit that brought the spec's branch into {@link #mergedInto}; null until merged. */
    @Column(name = "merge_commit")
    public String mergeCommit;

    @Column(name = "merged_into")
    public String mergedInto;

    @Column(name = "merged_at")
    public OffsetDateTime mergedAt;

    @Column(name = "archive_folder")
    public String archiveFolder;

    @Column(name = "created_by")
    public String createdBy;

    /** The idempotency key of the create that made this spec, if the client sent one. */
    @Column(name = "create_request_id")
    public String createRequestId;

    /** Set by the database on insert and read back with it, so that a create's answer carries it too. */
    @org.hibernate.annotations.Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** Starts at 1 for a new spec; every update adds one. */
    @Version
    public long version = 1;

    /**
     * The spec's file content: interpreted fields, extra fields and body, with the stored status
     * (never the derived {@code blocked}, which is not a status a file holds).
     */
    public SpecContent content() {
        Approval approval = approvalRequired == null && approvalStatus == null
                ? null
                : new Approval(Boolean.TRUE.equals(approvalRequired), approvalStatus, approvalBy, approvalAt);
        return SpecContent.builder()
                .type(type).status(status).labels(labels).dependsOn(dependsOn).informedBy(informedBy)
                .context(context).targetFiles(targetFiles).origin(origin).tracks(tracks)
                .prompt(prompt).model(model).branch(branch).commits(commits).completedAt(completedAt)
                .members(members).approval(approval)
                .extraFrontmatter(ExtraFrontmatter.parse(extraFrontmatter))
                .body(body)
                .style(StoredFileStyle.parse(fileStyle))
                .build();
    }

    /** Sets every content column from {@code c}, with the title and criteria derived from its body. */
    public void setContent(SpecContent c) {
        type = c.type();
        // blocked is derived from dependencies and approval, never stored.
        status = c.status() == SpecStatus.BLOCKED ? SpecStatus.PENDING : c.status();
        labels = new ArrayList<>(c.labels());
        dependsOn = new ArrayList<>(c.dependsOn());
        informedBy = new ArrayList<>(c.informedBy());
        context = new ArrayList<>(c.context());
        targetFiles = new ArrayList<>(c.targetFiles());
        origin = new ArrayList<>(c.origin());
        tracks = new ArrayList<>(c.tracks());
        commits = new ArrayList<>(c.commits());
        members = new ArrayList<>(c.members());
        prompt = c.prompt();
        model = c.model();
        branch = c.branch();
        completedAt = c.completedAt();
        Approval approval = c.approval();
        approvalRequired = approval == null ? null : approval.required();
        approvalStatus = approval == null ? null : approval.status();
        approvalBy = approval == null ? null : approval.by();
        approvalAt = approval == null ? null : approval.at();
        extraFrontmatter = ExtraFrontmatter.render(c.extraFrontmatter());
        fileStyle = StoredFileStyle.render(c.style());
        body = c.body();
        // A file without a title (chant loads those) is titled by its ID.
        title = MarkdownBody.title(body).filter(text -> !text.isBlank()).orElse(specId == null ? "" : specId);
        MarkdownBody.Criteria criteria = MarkdownBody.criteria(body);
        criteriaTotal = criteria.total();
        criteriaChecked = criteria.checked();
    }

    /** Sets the ID and the columns derived from it. */
    public void setId(SpecId id) {
        specId = id.value();
        sortKey = id.sortKey();
        randomSuffix = id.randomSuffix().orElse(null);
        driverId = id.driver().map(SpecId::value).orElse(null);
    }

    public SpecId id() {
        return SpecId.of(specId);
    }
}
