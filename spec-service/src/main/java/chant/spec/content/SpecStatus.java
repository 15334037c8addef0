package chant.spec.content;

import java.util.Optional;

/** Where a spec is in its life; the frontmatter {@code status} field. */
public enum SpecStatus {
    PENDING, IN_PROGRESS, PAUSED, COMPLETED, FAILED, NEEDS_ATTENTION, BLOCKED, CANCELLED;

    /** The value as written in a spec file. */
    public String yamlName() {
        return YamlEnum.name(this);
    }

    public static Optional<SpecStatus> fromYaml(String value) {
        return YamlEnum.parse(SpecStatus.class, value);
    }

    public static String allowedValues() {
        return YamlEnum.allowed(SpecStatus.class);
    }
}
