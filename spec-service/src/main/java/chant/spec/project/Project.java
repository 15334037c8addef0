package chant.spec.project;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Optional;

/** A project: its git repository and the defaults its specs and runs start from. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {

    public static final String DEFAULT_BRANCH = "main";
    public static final String DEFAULT_BRANCH_PREFIX = "chant/";
    public static final String DEFAULT_PROMPT = "standard";
    /** The longest run timeout a project may set, in seconds (a day). */
    public static final int MAX_RUN_TIMEOUT_SECONDS = 86_400;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "repo_url")
    public String repoUrl = "";

    @Column(name = "default_branch")
    public String defaultBranch = DEFAULT_BRANCH;

    @Column(name = "branch_prefix")
    public String branchPrefix = DEFAULT_BRANCH_PREFIX;

    @Column(name = "default_prompt")
    public String defaultPrompt = DEFAULT_PROMPT;

    /** The longest a run's attempt may take, in seconds; 0 for agent-service's default. */
    @Column(name = "run_timeout_seconds")
    public int runTimeoutSeconds;

    /** Whether archiving commits the specs' markdown to the repository through merge-service's queue. */
    @Column(name = "archive_in_repository")
    public boolean archiveInRepository;

    /**
     * merge-service's verify gate: the command run on each merge result before the target moves, as
     * an argument list; empty for no gate.
     */
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.ARRAY)
    @Column(name = "verify_command")
    public java.util.List<String> verifyCommand = new java.util.ArrayList<>();

    /** The verify command's time limit in seconds; 0 for merge-service's default. */
    @Column(name = "verify_timeout_seconds")
    public int verifyTimeoutSeconds;

    /** What rejecting a spec's approval does next. */
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(name = "rejection_action")
    public RejectionAction rejectionAction = RejectionAction.STOP;

    /** config.md as last imported, written back on export. */
    @Column(name = "config_markdown")
    public String configMarkdown;

    /** The idempotency key of the create that made this project, if the client sent one. */
    @Column(name = "create_request_id")
    public String createRequestId;

    /** Set by the database on insert and read back with it, so that a create's answer carries it too. */
    @org.hibernate.annotations.Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Version
    public long version;

    public static Optional<Project> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
