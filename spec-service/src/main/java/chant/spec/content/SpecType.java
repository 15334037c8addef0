package chant.spec.content;

import java.util.Optional;

/** The kind of work a spec describes; the frontmatter {@code type} field. */
public enum SpecType {
    CODE, TASK, DRIVER, GROUP, DOCUMENTATION, RESEARCH;

    /** The value as written in a spec file. */
    public String yamlName() {
        return YamlEnum.name(this);
    }

    public static Optional<SpecType> fromYaml(String value) {
        return YamlEnum.parse(SpecType.class, value);
    }

    /** "code, task, ..." for error messages. */
    public static String allowedValues() {
        return YamlEnum.allowed(SpecType.class);
    }

    /** Drivers and groups coordinate members instead of doing work themselves. */
    public boolean isDriver() {
        return this == DRIVER || this == GROUP;
    }
}
