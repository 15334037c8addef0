package chant.spec.grpc;

import chant.spec.project.Project;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.Problem;
import chant.spec.store.Spec;
import chant.spec.store.SpecView;
import chant.spec.store.SpecFilter;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import chant.support.time.Timestamps;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.Problem;
import chant.spec.store.Spec;
import chant.spec.store.SpecView;
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
                .setRunTimeoutSeconds(p.runTimeoutSeconds)
                .setArchiveInRepository(p.archiveInRepository)
                .addAllVerifyCommand(p.verifyCommand)
                .setVerifyTimeoutSeconds(p.verifyTimeoutSeconds)
                .setRejectionAction(ProtoEnums.REJECTION_ACTION.toProto(p.rejectionAction));
        if (p.createdAt != null) {
            b.setCreateTime(timestamp(p.createdAt));
        }
        return b.build();
    }

    /** The spec with its effective status, and with its body or without it for lists. */
    static chant.v1.Spec toProto(SpecView view, boolean withBody) {
        Spec s = view.spec();
        chant.v1.Spec.Builder b = chant.v1.Spec.newBuilder()
                .setId(s.specId)
                .setProject(s.project.name)
                .setTitle(s.title)
                .setType(toProto(s.type))
                .setStatus(toProto(view.status()))
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
                .setMergeCommit(nullToEmpty(s.mergeCommit))
                .setMergedInto(nullToEmpty(s.mergedInto))
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
        if (s.mergedAt != null) {
            b.setMergeTime(timestamp(s.mergedAt));
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
        return ProtoEnums.SPEC_TYPE.toProto(type);
    }

    static chant.v1.SpecStatus toProto(SpecStatus status) {
        return ProtoEnums.SPEC_STATUS.toProto(status);
    }

    static chant.v1.ApprovalStatus toProto(ApprovalStatus status) {
        return ProtoEnums.APPROVAL_STATUS.toProto(status);
    }

    /** The domain type, or null for UNSPECIFIED (meaning "not given"). */
    static SpecType fromProto(chant.v1.SpecType type) {
        return ProtoEnums.SPEC_TYPE.toDomain(type);
    }

    static SpecStatus fromProto(chant.v1.SpecStatus status) {
        return ProtoEnums.SPEC_STATUS.toDomain(status);
    }

    /** The domain action, or null for UNSPECIFIED (the default applies). */
    static chant.spec.project.RejectionAction fromProto(chant.v1.RejectionAction action) {
        return ProtoEnums.REJECTION_ACTION.toDomain(action);
    }

    /** Active specs unless the request asks for archived ones or all. */
    static SpecFilter.Archived fromProto(chant.v1.ArchiveFilter filter) {
        SpecFilter.Archived archived = ProtoEnums.ARCHIVE_FILTER.toDomain(filter);
        return archived == null ? SpecFilter.Archived.ACTIVE : archived;
    }

    static <T, R> List<R> mapNonNull(List<T> values, java.util.function.Function<T, R> f) {
        return values.stream().map(f).filter(java.util.Objects::nonNull).toList();
    }

    private static Timestamp timestamp(OffsetDateTime t) {
        return Timestamps.toProto(t);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

}
