package chant.cli.spec;

import chant.v1.ApprovalStatus;
import chant.v1.EventKind;
import chant.v1.RejectionAction;
import chant.v1.SpecStatus;
import chant.v1.SpecType;

/** Names of the spec enums as chant writes them: code, in_progress, approved, transitioned, stop... */
public final class SpecEnums {
    public static final EnumNames<SpecType> TYPES = new EnumNames<>(SpecType.class, "SPEC_TYPE_", "type");
    public static final EnumNames<SpecStatus> STATUSES =
            new EnumNames<>(SpecStatus.class, "SPEC_STATUS_", "status");
    public static final EnumNames<ApprovalStatus> APPROVALS =
            new EnumNames<>(ApprovalStatus.class, "APPROVAL_STATUS_", "approval status");

    public static final EnumNames<EventKind> EVENT_KINDS = new EnumNames<>(EventKind.class, "EVENT_KIND_", "event kind");
    public static final EnumNames<RejectionAction> REJECTION_ACTIONS =
            new EnumNames<>(RejectionAction.class, "REJECTION_ACTION_", "rejection action");

    private SpecEnums() {
    }
}
