package chant.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a spec is in its life; the frontmatter {@code status} field. */
public enum SpecStatus {
    PENDING, IN_PROGRESS, PAUSED, COMPLETED, FAILED, NEEDS_ATTENTION, BLOCKED, CANCELLED;

    public String yamlName() {
        return name().toLowerCase();
    }

    public static Optional<SpecStatus> fromYaml(String value) {
        return Arrays.stream(values()).filter(s -> s.yamlName().equals(value)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(SpecStatus::yamlName).collect(Collectors.joining(", "));
    }
}
