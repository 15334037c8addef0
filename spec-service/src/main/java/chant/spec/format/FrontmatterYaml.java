package chant.spec.format;

import chant.spec.content.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A YAML mapping as text and back, with the same safe loader and dumper spec files use: for
 * frontmatter kept outside a spec file (the stored extra fields, a generated config.md).
 */
public final class FrontmatterYaml {

    private FrontmatterYaml() {
    }

    /** The mapping's fields in order; the text must be a YAML mapping (empty text is an empty mapping). */
    public static Map<String, Object> load(String yaml) {
        YamlDocument document = SafeYaml.load(yaml, 1);
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> values = document.values(document.fields(problems), problems);
        if (!problems.isEmpty()) {
            throw new SpecFormatException(problems);
        }
        return values;
    }

    /** Block-style YAML of the mapping, in its order. */
    public static String dump(Map<String, Object> fields) {
        return SafeYaml.dump(fields);
    }
}
