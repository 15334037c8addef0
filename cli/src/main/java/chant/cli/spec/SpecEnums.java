package chant.cli.spec;

import chant.v1.ApprovalStatus;
import chant.v1.SpecStatus;
import chant.v1.SpecType;

/** Names of the spec enums as chant writes them: code, in_progress, approved... */
public final class SpecEnums {
    public static final EnumNames<SpecType> TYPES = new EnumNames<>(SpecType.class, "SPEC_TYPE_", "type");
    public static final EnumNames<SpecStatus> STATUSES =
            new EnumNames<>(SpecStatus.class, "SPEC_STATUS_", "status");
    public static final EnumNames<ApprovalStatus> APPROVALS =
            new EnumNames<>(ApprovalStatus.class, "APPROVAL_STATUS_", "approval status");

    private SpecEnums() {
    }
}
