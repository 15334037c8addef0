package chant.spec.grpc;

import chant.spec.project.RejectionAction;
import chant.spec.audit.EventKind;
import chant.spec.id.ShortIdResolver;
import chant.spec.store.Blocker;
import chant.spec.content.ApprovalStatus;
import chant.spec.store.SpecFilter;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import chant.spec.transfer.ImportReport;
import chant.support.grpc.EnumPair;
import java.util.List;

/** Every enum of spec-service's wire and its domain twin ({@link EnumPair}: mapped by name). */
final class ProtoEnums {

    static final EnumPair<chant.v1.SpecType, SpecType> SPEC_TYPE =
            new EnumPair<>(chant.v1.SpecType.class, SpecType.class, "SPEC_TYPE_", "type");
    static final EnumPair<chant.v1.SpecStatus, SpecStatus> SPEC_STATUS =
            new EnumPair<>(chant.v1.SpecStatus.class, SpecStatus.class, "SPEC_STATUS_", "status");
    static final EnumPair<chant.v1.ApprovalStatus, ApprovalStatus> APPROVAL_STATUS =
            new EnumPair<>(chant.v1.ApprovalStatus.class, ApprovalStatus.class, "APPROVAL_STATUS_", "approval status");
    static final EnumPair<chant.v1.RejectionAction, RejectionAction> REJECTION_ACTION =
            new EnumPair<>(chant.v1.RejectionAction.class, RejectionAction.class, "REJECTION_ACTION_", "rejection_action");
    static final EnumPair<chant.v1.ArchiveFilter, SpecFilter.Archived> ARCHIVE_FILTER =
            new EnumPair<>(chant.v1.ArchiveFilter.class, SpecFilter.Archived.class, "ARCHIVE_FILTER_", "archived");
    static final EnumPair<chant.v1.EventKind, EventKind> EVENT_KIND =
            new EnumPair<>(chant.v1.EventKind.class, EventKind.class, "EVENT_KIND_", "kind");
    static final EnumPair<chant.v1.BlockerKind, Blocker.Kind> BLOCKER_KIND =
            new EnumPair<>(chant.v1.BlockerKind.class, Blocker.Kind.class, "BLOCKER_KIND_", "blocker kind");
    static final EnumPair<chant.v1.IdMatch, ShortIdResolver.Match> ID_MATCH =
            new EnumPair<>(chant.v1.IdMatch.class, ShortIdResolver.Match.class, "ID_MATCH_", "match");
    static final EnumPair<chant.v1.ImportOutcome, ImportReport.Outcome> IMPORT_OUTCOME =
            new EnumPair<>(chant.v1.ImportOutcome.class, ImportReport.Outcome.class, "IMPORT_OUTCOME_", "outcome");
    static final EnumPair<chant.v1.ProjectRole, chant.support.auth.Role> PROJECT_ROLE =
            new EnumPair<>(chant.v1.ProjectRole.class, chant.support.auth.Role.class, "PROJECT_ROLE_", "role");
    static final EnumPair<chant.v1.PrincipalKind, chant.support.auth.PrincipalKind> PRINCIPAL_KIND =
            new EnumPair<>(chant.v1.PrincipalKind.class, chant.support.auth.PrincipalKind.class, "PRINCIPAL_KIND_", "kind");

    /** Every pair, for the test that maps every value both ways. */
    static final List<EnumPair<?, ?>> ALL = List.of(SPEC_TYPE, SPEC_STATUS, APPROVAL_STATUS, REJECTION_ACTION,
            ARCHIVE_FILTER, EVENT_KIND, BLOCKER_KIND, ID_MATCH, IMPORT_OUTCOME, PROJECT_ROLE, PRINCIPAL_KIND);

    private ProtoEnums() {
    }
}
