package chant.spec.format;

import chant.spec.content.Problem;
import chant.spec.content.SpecContent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes spec files as chant writes them: optional YAML frontmatter between two
 * {@code ---} lines, then the markdown body.
 *
 * <p>Reading keeps every field: the ones the platform interprets go into {@link SpecContent}'s
 * fields, all others into {@link SpecContent#extraFrontmatter()} in their order and with their
 * YAML values. Writing gives back a file that reads to an equal {@code SpecContent}:
 * {@code parse(render(spec)).equals(spec)}.
 */
public final class SpecMarkdown {

    private SpecMarkdown() {
    }

    /**
     * Reads a spec file. Without frontmatter the spec is {@code code}, {@code pending}, and the whole
     * file is its body.
     *
     * @throws SpecFormatException with every problem of the file: malformed or unsafe YAML, fields
     *     of the wrong shape, values that are not allowed (ordered by line)
     */
    public static SpecContent parse(String fileContent) {
        Frontmatter file = Frontmatter.read(fileContent);
        List<Problem> problems = new ArrayList<>();
        Map<SpecField, YamlDocument.Field> interpreted = new EnumMap<>(SpecField.class);
        List<YamlDocument.Field> extra = new ArrayList<>();
        for (YamlDocument.Field field : file.yaml().fields(problems)) {
            SpecField.byName(field.name()).ifPresentOrElse(known -> interpreted.put(known, field),
                    () -> extra.add(field));
        }
        SpecContent.Builder spec = SpecContent.builder().body(file.body());
        for (SpecField known : SpecField.values()) {
            known.read(new FieldReader(known.yamlName(), interpreted.get(known), file.yaml(), problems), spec);
        }
        spec.extraFrontmatter(file.yaml().values(extra, problems));
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(Problem::line));
            throw new SpecFormatException(problems);
        }
        return spec.build();
    }

    /**
     * Writes a spec file: {@code type} and {@code status} always, the other interpreted fields when
     * they have a value (in chant's order), then the extra fields in their order, then the body
     * verbatim.
     *
     * @throws IllegalArgumentException when an extra field has the name of an interpreted one
     */
    public static String render(SpecContent spec) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (SpecField known : SpecField.values()) {
            known.valueIn(spec).ifPresent(value -> fields.put(known.yamlName(), value));
        }
        spec.extraFrontmatter().forEach((name, value) -> {
            if (SpecField.byName(name).isPresent()) {
                throw new IllegalArgumentException("extra frontmatter field '" + name
                        + "' has the name of an interpreted field: set it through SpecContent instead");
            }
            fields.put(name, value);
        });
        return Frontmatter.write(fields, spec.body());
    }
}
