package chant.cli.spec;

import chant.v1.Approval;
import chant.v1.Spec;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The rendered view of {@code chant show}: a header line, "field: value" lines, the body. */
public final class SpecView {

    private SpecView() {
    }

    public static String render(Spec spec) {
        List<String> lines = new ArrayList<>();
        lines.add(spec.getId() + ": " + spec.getTitle());
        field(lines, "status", SpecEnums.STATUSES.name(spec.getStatus()));
        field(lines, "type", SpecEnums.TYPES.name(spec.getType()));
        field(lines, "labels", String.join(", ", spec.getLabelsList()));
        field(lines, "depends_on", String.join(", ", spec.getDependsOnList()));
        field(lines, "informed_by", String.join(", ", spec.getInformedByList()));
        field(lines, "context", String.join(", ", spec.getContextList()));
        field(lines, "target_files", String.join(", ", spec.getTargetFilesList()));
        field(lines, "origin", String.join(", ", spec.getOriginList()));
        field(lines, "tracks", String.join(", ", spec.getTracksList()));
        field(lines, "members", String.join(", ", spec.getMembersList()));
        field(lines, "prompt", spec.getPrompt());
        field(lines, "model", spec.getModel());
        field(lines, "approval", spec.hasApproval() ? approval(spec.getApproval()) : "");
        field(lines, "criteria", spec.getCriteriaTotal() > 0
                ? spec.getCriteriaChecked() + "/" + spec.getCriteriaTotal() + " checked" : "");
        field(lines, "branch", spec.getBranch());
        field(lines, "commits", String.join(", ", spec.getCommitsList()));
        field(lines, "completed_at", spec.getCompletedAt());
        field(lines, "archived", spec.getArchived()
                ? "yes" + (spec.getArchiveFolder().isEmpty() ? "" : " (archive/" + spec.getArchiveFolder() + ")") : "");
        field(lines, "created_by", spec.getCreatedBy());
        field(lines, "created", spec.hasCreateTime() ? instant(spec.getCreateTime()) : "");
        field(lines, "updated", spec.hasUpdateTime() ? instant(spec.getUpdateTime()) : "");
        field(lines, "version", spec.getVersion() > 0 ? Long.toString(spec.getVersion()) : "");
        StringBuilder text = new StringBuilder(String.join("\n", lines)).append('\n');
        if (!spec.getBody().isBlank()) {
            text.append('\n').append(spec.getBody());
            if (!spec.getBody().endsWith("\n")) {
                text.append('\n');
            }
        }
        return text.toString();
    }

    /** "required, approved by alice at 2026-..." */
    public static String approval(Approval approval) {
        StringBuilder text = new StringBuilder(approval.getRequired() ? "required" : "not required");
        String status = SpecEnums.APPROVALS.name(approval.getStatus());
        if (!status.isEmpty()) {
            text.append(", ").append(status);
        }
        if (!approval.getBy().isEmpty()) {
            text.append(" by ").append(approval.getBy());
        }
        if (!approval.getAt().isEmpty()) {
            text.append(" at ").append(approval.getAt());
        }
        return text.toString();
    }

    private static void field(List<String> lines, String name, String value) {
        if (value != null && !value.isEmpty()) {
            lines.add(name + ": " + value);
        }
    }

    private static String instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString();
    }
}
