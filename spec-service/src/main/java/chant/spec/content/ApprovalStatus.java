package chant.spec.content;

import java.util.Optional;

/** The decision recorded in a spec's {@code approval.status}. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED;

    /** The value as written in a spec file. */
    public String yamlName() {
        return YamlEnum.name(this);
    }

    public static Optional<ApprovalStatus> fromYaml(String value) {
        return YamlEnum.parse(ApprovalStatus.class, value);
    }

    public static String allowedValues() {
        return YamlEnum.allowed(ApprovalStatus.class);
    }
}
