package chant.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kind of work a spec describes; the frontmatter {@code type} field. */
public enum SpecType {
    CODE, TASK, DRIVER, GROUP, DOCUMENTATION, RESEARCH;

    /** The value as written in a spec file. */
    public String yamlName() {
        return name().toLowerCase();
    }

    public static Optional<SpecType> fromYaml(String value) {
        return Arrays.stream(values()).filter(t -> t.yamlName().equals(value)).findFirst();
    }

    /** "code, task, ..." for error messages. */
    public static String allowedValues() {
        return Arrays.stream(values()).map(SpecType::yamlName).collect(Collectors.joining(", "));
    }

    /** Drivers and groups coordinate members instead of doing work themselves. */
    public boolean isDriver() {
        return this == DRIVER || this == GROUP;
    }
}
