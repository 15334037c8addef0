package chant.spec.store;

import chant.spec.content.ApprovalStatus;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import chant.spec.project.Project;
import chant.spec.project.RejectionAction;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of {@code spec} and {@code project} read by plain JDBC into detached {@link Spec} and
 * {@link Project} objects that hold every column, as Hibernate would load them.
 * Used by {@link SpecReads}; {@code SpecRowsTest} compares both ways of loading field by field.
 */
final class SpecRows {

    /** The spec's columns for {@code FROM spec s}, read by {@link #read(ResultSet, Project)}. */
    static final String SPEC_COLUMNS = """
            s.pk, s.spec_id, s.sort_key, s.random_suffix, s.driver_id, s.last_member, s.title, s.body, s.type,
            s.status, s.labels, s.depends_on, s.informed_by, s.context, s.target_files, s.origin, s.tracks,
            s.commits, s.members, s.prompt, s.model, s.branch, s.completed_at, s.approval_required,
            s.approval_status, s.approval_by, s.approval_at, s.extra_frontmatter, s.file_style,
            s.criteria_total, s.criteria_checked, s.archived, s.archive_folder, s.merge_commit, s.merged_into,
            s.merged_at, s.created_by,
            s.create_request_id, s.created_at, s.updated_at, s.version""";

    /** {@link #SPEC_COLUMNS} for a list: the body is left out (lists never return it) and reads as empty. */
    static final String LIST_COLUMNS = SPEC_COLUMNS.replace("s.body,", "'' AS body,");

    /** The project's columns for {@code FROM project p}, read by {@link #readProject}. */
    static final String PROJECT_COLUMNS = """
            p.id AS p_id, p.name AS p_name, p.repo_url AS p_repo_url, p.default_branch AS p_default_branch,
            p.branch_prefix AS p_branch_prefix, p.default_prompt AS p_default_prompt,
            p.rejection_action AS p_rejection_action, p.run_timeout_seconds AS p_run_timeout_seconds,
            p.archive_in_repository AS p_archive_in_repository,
            p.verify_command AS p_verify_command, p.verify_timeout_seconds AS p_verify_timeout_seconds,
            p.config_markdown AS p_config_markdown,
            p.create_request_id AS p_create_request_id, p.created_at AS p_created_at, p.version AS p_version""";

    private SpecRows() {
    }

    /** The spec of the current row, in {@code project}. */
    static Spec read(ResultSet rs, Project project) throws SQLException {
        Spec s = new Spec();
        s.pk = rs.getLong("pk");
        s.project = project;
        s.specId = rs.getString("spec_id");
        s.sortKey = rs.getString("sort_key");
        s.randomSuffix = rs.getString("random_suffix");
        s.driverId = rs.getString("driver_id");
        s.lastMember = rs.getInt("last_member");
        s.title = rs.getString("title");
        s.body = rs.getString("body");
        s.type = SpecType.valueOf(rs.getString("type"));
        s.status = SpecStatus.valueOf(rs.getString("status"));
        s.labels = list(rs.getArray("labels"));
        s.dependsOn = list(rs.getArray("depends_on"));
        s.informedBy = list(rs.getArray("informed_by"));
        s.context = list(rs.getArray("context"));
        s.targetFiles = list(rs.getArray("target_files"));
        s.origin = list(rs.getArray("origin"));
        s.tracks = list(rs.getArray("tracks"));
        s.commits = list(rs.getArray("commits"));
        s.members = list(rs.getArray("members"));
        s.prompt = rs.getString("prompt");
        s.model = rs.getString("model");
        s.branch = rs.getString("branch");
        s.completedAt = rs.getString("completed_at");
        s.approvalRequired = rs.getObject("approval_required", Boolean.class);
        String approvalStatus = rs.getString("approval_status");
        s.approvalStatus = approvalStatus == null ? null : ApprovalStatus.valueOf(approvalStatus);
        s.approvalBy = rs.getString("approval_by");
        s.approvalAt = rs.getString("approval_at");
        s.extraFrontmatter = rs.getString("extra_frontmatter");
        s.fileStyle = rs.getString("file_style");
        s.criteriaTotal = rs.getInt("criteria_total");
        s.criteriaChecked = rs.getInt("criteria_checked");
        s.archived = rs.getBoolean("archived");
        s.archiveFolder = rs.getString("archive_folder");
        s.mergeCommit = rs.getString("merge_commit");
        s.mergedInto = rs.getString("merged_into");
        s.mergedAt = rs.getObject("merged_at", OffsetDateTime.class);
        s.createdBy = rs.getString("created_by");
        s.createRequestId = rs.getString("create_request_id");
        s.createdAt = rs.getObject("created_at", OffsetDateTime.class);
        s.updatedAt = rs.getObject("updated_at", OffsetDateTime.class);
        s.version = rs.getLong("version");
        return s;
    }

    /** The project of the current row. */
    static Project readProject(ResultSet rs) throws SQLException {
        Project p = new Project();
        p.id = rs.getLong("p_id");
        p.name = rs.getString("p_name");
        p.repoUrl = rs.getString("p_repo_url");
        p.defaultBranch = rs.getString("p_default_branch");
        p.branchPrefix = rs.getString("p_branch_prefix");
        p.defaultPrompt = rs.getString("p_default_prompt");
        p.rejectionAction = RejectionAction.valueOf(rs.getString("p_rejection_action"));
        p.runTimeoutSeconds = rs.getInt("p_run_timeout_seconds");
        p.archiveInRepository = rs.getBoolean("p_archive_in_repository");
        p.verifyCommand = list(rs.getArray("p_verify_command"));
        p.verifyTimeoutSeconds = rs.getInt("p_verify_timeout_seconds");
        p.configMarkdown = rs.getString("p_config_markdown");
        p.createRequestId = rs.getString("p_create_request_id");
        p.createdAt = rs.getObject("p_created_at", OffsetDateTime.class);
        p.version = rs.getLong("p_version");
        return p;
    }

    private static List<String> list(Array array) throws SQLException {
        if (array == null) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(List.of((String[]) array.getArray()));
        } finally {
            array.free();
        }
    }
}
