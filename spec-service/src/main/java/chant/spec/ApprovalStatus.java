package chant.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The decision recorded in a spec's {@code approval.status}. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED;

    public String yamlName() {
        return name().toLowerCase();
    }

    public static Optional<ApprovalStatus> fromYaml(String value) {
        return Arrays.stream(values()).filter(s -> s.yamlName().equals(value)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(ApprovalStatus::yamlName).collect(Collectors.joining(", "));
    }
}
