package chant.cli.spec;

import chant.v1.Approval;
import chant.v1.Blocker;
import chant.v1.GetBlockersResponse;
import chant.v1.Spec;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rendered view of {@code chant show}: a header line, "field: value" lines, the body. */
public final class SpecView {

    private SpecView() {
    }

    public static String render(Spec spec) {
        return render(spec, Optional.empty());
    }

    /**
     * The view with the readiness after the fields: "ready: yes", or "blocked by:" and one
     * indented line per blocker. Nothing when the spec is neither (for example completed).
     */
    public static String render(Spec spec, Optional<GetBlockersResponse> blockers) {
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
        field(lines, "merged", spec.getMergeCommit().isEmpty() ? "" : spec.getMergeCommit() + " into " + spec.getMergedInto()
                + (spec.hasMergeTime() ? " at " + instant(spec.getMergeTime()) : ""));
        field(lines, "archived", spec.getArchived()
                ? "yes" + (spec.getArchiveFolder().isEmpty() ? "" : " (archive/" + spec.getArchiveFolder() + ")") : "");
        field(lines, "created_by", spec.getCreatedBy());
        field(lines, "created", spec.hasCreateTime() ? instant(spec.getCreateTime()) : "");
        field(lines, "updated", spec.hasUpdateTime() ? instant(spec.getUpdateTime()) : "");
        field(lines, "version", spec.getVersion() > 0 ? Long.toString(spec.getVersion()) : "");
        blockers.ifPresent(readiness -> {
            if (readiness.getReady()) {
                lines.add("ready: yes");
            } else if (readiness.getBlockersCount() > 0) {
                lines.add("blocked by:");
                readiness.getBlockersList().forEach(blocker -> lines.add("  " + describe(blocker)));
            }
        });
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

    /** The server's description, else what the kind and spec say. */
    static String describe(Blocker blocker) {
        if (!blocker.getDescription().isBlank()) {
            return blocker.getDescription().strip();
        }
        String status = SpecEnums.STATUSES.name(blocker.getStatus());
        String spec = blocker.getSpecId() + (status.isEmpty() ? "" : " (" + status + ")");
        return switch (blocker.getKind()) {
            case BLOCKER_KIND_APPROVAL -> "approval pending";
            case BLOCKER_KIND_DRIVER_DEPENDENCY -> "driver depends on " + spec;
            case BLOCKER_KIND_EARLIER_SIBLING -> "earlier member " + spec;
            default -> "depends on " + spec;
        };
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
