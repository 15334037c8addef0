package chant.spec.grpc;

import chant.spec.project.Project;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.Problem;
import chant.spec.store.Spec;
import chant.spec.store.SpecFilter;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import com.google.protobuf.Timestamp;
import java.time.OffsetDateTime;
import java.util.List;

/** Translates between the chant.v1 messages and the domain. No rules live here. */
final class ProtoMapper {

    private ProtoMapper() {
    }

    static chant.v1.Project toProto(Project p) {
        chant.v1.Project.Builder b = chant.v1.Project.newBuilder()
                .setName(p.name)
                .setRepoUrl(p.repoUrl)
                .setDefaultBranch(p.defaultBranch)
                .setBranchPrefix(p.branchPrefix)
                .setDefaultPrompt(p.defaultPrompt)
                .setRejectionAction(chant.v1.RejectionAction.valueOf("REJECTION_ACTION_" + p.rejectionAction.name()));
        if (p.createdAt != null) {
            b.setCreateTime(timestamp(p.createdAt));
        }
        return b.build();
    }

    /** The spec with its body, or without it for lists. */
    static chant.v1.Spec toProto(Spec s, boolean withBody) {
        chant.v1.Spec.Builder b = chant.v1.Spec.newBuilder()
                .setId(s.specId)
                .setProject(s.project.name)
                .setTitle(s.title)
                .setType(toProto(s.type))
                .setStatus(toProto(s.effectiveStatus()))
                .addAllLabels(s.labels)
                .addAllDependsOn(s.dependsOn)
                .addAllInformedBy(s.informedBy)
                .addAllContext(s.context)
                .addAllTargetFiles(s.targetFiles)
                .addAllOrigin(s.origin)
                .addAllTracks(s.tracks)
                .setPrompt(nullToEmpty(s.prompt))
                .setModel(nullToEmpty(s.model))
                .setBranch(nullToEmpty(s.branch))
                .addAllCommits(s.commits)
                .setCompletedAt(nullToEmpty(s.completedAt))
                .addAllMembers(s.members)
                .setExtraFrontmatter(nullToEmpty(s.extraFrontmatter))
                .setCriteriaTotal(s.criteriaTotal)
                .setCriteriaChecked(s.criteriaChecked)
                .setArchived(s.archived)
                .setArchiveFolder(nullToEmpty(s.archiveFolder))
                .setVersion(s.version)
                .setCreatedBy(nullToEmpty(s.createdBy));
        if (withBody) {
            b.setBody(s.body);
        }
        if (s.approvalRequired != null || s.approvalStatus != null) {
            b.setApproval(chant.v1.Approval.newBuilder()
                    .setRequired(Boolean.TRUE.equals(s.approvalRequired))
                    .setStatus(toProto(s.approvalStatus))
                    .setBy(nullToEmpty(s.approvalBy))
                    .setAt(nullToEmpty(s.approvalAt)));
        }
        if (s.createdAt != null) {
            b.setCreateTime(timestamp(s.createdAt));
        }
        if (s.updatedAt != null) {
            b.setUpdateTime(timestamp(s.updatedAt));
        }
        return b.build();
    }

    static chant.v1.Problem toProto(Problem p) {
        return chant.v1.Problem.newBuilder()
                .setFile(nullToEmpty(p.file()))
                .setField(nullToEmpty(p.field()))
                .setValue(nullToEmpty(p.value()))
                .setMessage(p.message())
                .setSeverity(p.isError() ? chant.v1.Severity.SEVERITY_ERROR : chant.v1.Severity.SEVERITY_WARNING)
                .setLine(p.line())
                .build();
    }

    static chant.v1.SpecType toProto(SpecType type) {
        return chant.v1.SpecType.valueOf("SPEC_TYPE_" + type.name());
    }

    static chant.v1.SpecStatus toProto(SpecStatus status) {
        return chant.v1.SpecStatus.valueOf("SPEC_STATUS_" + status.name());
    }

    static chant.v1.ApprovalStatus toProto(ApprovalStatus status) {
        return status == null
                ? chant.v1.ApprovalStatus.APPROVAL_STATUS_UNSPECIFIED
                : chant.v1.ApprovalStatus.valueOf("APPROVAL_STATUS_" + status.name());
    }

    /** The domain type, or null for UNSPECIFIED (meaning "not given"). */
    static SpecType fromProto(chant.v1.SpecType type) {
        return switch (type) {
            case SPEC_TYPE_UNSPECIFIED -> null;
            case UNRECOGNIZED -> throw new chant.support.failure.InvalidRequestException(
                    "type is not a known value (allowed: " + SpecType.allowedValues() + ")");
            default -> SpecType.valueOf(type.name().substring("SPEC_TYPE_".length()));
        };
    }

    static SpecStatus fromProto(chant.v1.SpecStatus status) {
        return switch (status) {
            case SPEC_STATUS_UNSPECIFIED -> null;
            case UNRECOGNIZED -> throw new chant.support.failure.InvalidRequestException(
                    "status is not a known value (allowed: " + SpecStatus.allowedValues() + ")");
            default -> SpecStatus.valueOf(status.name().substring("SPEC_STATUS_".length()));
        };
    }

    /** The domain action, or null for UNSPECIFIED (the default applies). */
    static chant.spec.project.RejectionAction fromProto(chant.v1.RejectionAction action) {
        return switch (action) {
            case REJECTION_ACTION_UNSPECIFIED, UNRECOGNIZED -> null;
            default -> chant.spec.project.RejectionAction.valueOf(action.name().substring("REJECTION_ACTION_".length()));
        };
    }

    static SpecFilter.Archived fromProto(chant.v1.ArchiveFilter filter) {
        return switch (filter) {
            case ARCHIVE_FILTER_ARCHIVED -> SpecFilter.Archived.ARCHIVED;
            case ARCHIVE_FILTER_ALL -> SpecFilter.Archived.ALL;
            default -> SpecFilter.Archived.ACTIVE;
        };
    }

    static <T, R> List<R> mapNonNull(List<T> values, java.util.function.Function<T, R> f) {
        return values.stream().map(f).filter(java.util.Objects::nonNull).toList();
    }

    private static Timestamp timestamp(OffsetDateTime t) {
        return Timestamp.newBuilder().setSeconds(t.toEpochSecond()).setNanos(t.getNano()).build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

}
