package chant.spec.store;

import chant.spec.format.FrontmatterYaml;
import java.util.Map;

/**
 * Frontmatter fields the platform keeps without interpreting them, stored as YAML text in their
 * original order (the {@code extra_frontmatter} column).
 */
final class ExtraFrontmatter {

    private ExtraFrontmatter() {
    }

    static String render(Map<String, Object> fields) {
        return fields.isEmpty() ? "" : FrontmatterYaml.dump(fields);
    }

    static Map<String, Object> parse(String yaml) {
        return yaml == null || yaml.isBlank() ? Map.of() : FrontmatterYaml.load(yaml);
    }
}
