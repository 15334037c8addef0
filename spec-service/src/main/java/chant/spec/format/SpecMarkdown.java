package chant.spec.format;

import chant.spec.content.FileStyle;
import chant.spec.content.Problem;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and writes spec files as chant writes them: optional YAML frontmatter between two
 * {@code ---} lines, then the markdown body.
 *
 * <p>Reading keeps every field: the ones the platform interprets go into {@link SpecContent}'s
 * fields, all others into {@link SpecContent#extraFrontmatter()} in their order and with their
 * YAML values, and how the file spelled scalars and empty lists where the platform would spell
 * them otherwise ({@link SpecContent#style()}). Writing gives back a file that reads to an equal
 * {@code SpecContent}: {@code parse(render(spec)).equals(spec)}.
 */
public final class SpecMarkdown {

    /** The status chant's walkthrough writes into files; only import accepts it. */
    private static final String READY = "ready";

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
        return read(fileContent, false).content();
    }

    /** A spec file read for import: its content, and what was accepted only with a warning. */
    public record Imported(SpecContent content, List<Problem> warnings) {
    }

    /**
     * Reads a spec file of an imported folder: like {@link #parse}, and also accepts what chant's
     * own walkthrough writes although no status machine has it: {@code status: ready} is read as
     * {@code pending} (readiness is derived), with a warning.
     *
     * @throws SpecFormatException as {@link #parse} does
     */
    public static Imported parseImported(String fileContent) {
        return read(fileContent, true);
    }

    private static Imported read(String fileContent, boolean importing) {
        Frontmatter file = Frontmatter.read(fileContent);
        List<Problem> problems = new ArrayList<>();
        Map<SpecField, YamlDocument.Field> interpreted = new EnumMap<>(SpecField.class);
        List<YamlDocument.Field> extra = new ArrayList<>();
        for (YamlDocument.Field field : file.yaml().fields(problems)) {
            SpecField.byName(field.name()).ifPresentOrElse(known -> interpreted.put(known, field),
                    () -> extra.add(field));
        }
        interpreted.computeIfPresent(SpecField.STATUS, (known, status) -> readyStatus(status, importing, problems));
        SpecContent.Builder spec = SpecContent.builder().body(file.body());
        FileStyle.Builder styles = new FileStyle.Builder();
        for (SpecField known : SpecField.values()) {
            known.read(new FieldReader(known.yamlName(), interpreted.get(known), file.yaml(), problems, styles), spec);
        }
        spec.extraFrontmatter(file.yaml().values(extra, problems));
        extra.forEach(field -> rememberQuotedTexts(field.name(), field.value(), styles));
        spec.style(styles.build());
        problems.sort(Comparator.comparingInt(Problem::line));
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new SpecFormatException(problems);
        }
        return new Imported(spec.build(), List.copyOf(problems));
    }

    /**
     * {@code status: ready}: on import, {@code status: pending} with a warning; otherwise an error
     * that says what to write instead (and no status field). Any other status as it is.
     */
    private static YamlDocument.Field readyStatus(YamlDocument.Field status, boolean importing,
            List<Problem> problems) {
        if (!(status.value() instanceof ScalarNode scalar) || !scalar.getValue().equals(READY)) {
            return status;
        }
        String derived = "'" + READY + "' is not a status a spec keeps: readiness is derived from its"
                + " dependencies and approval";
        if (!importing) {
            problems.add(Problem.error(status.name(), READY, derived + "; write " + SpecStatus.PENDING.yamlName()
                    + " (allowed: " + SpecStatus.allowedValues() + ")").atLine(status.line()));
            return null;
        }
        problems.add(Problem.warning(status.name(), READY, derived + "; imported as "
                + SpecStatus.PENDING.yamlName()).atLine(status.line()));
        ScalarNode pending = new ScalarNode(Tag.STR, SpecStatus.PENDING.yamlName(), scalar.getStartMark(),
                scalar.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
        return new YamlDocument.Field(status.name(), pending, status.line());
    }

    /**
     * Writes a spec file: {@code type} and {@code status} always, the other interpreted fields when
     * they have a value (in chant's order), then the extra fields in their order, then the body
     * verbatim. Texts are spelled as the spec's {@link SpecContent#style()} remembers them (an
     * unquoted {@code 1234567}, a quoted timestamp), and list fields it remembers as written empty
     * are written as {@code []}.
     *
     * @throws IllegalArgumentException when an extra field has the name of an interpreted one
     */
    public static String render(SpecContent spec) {
        FileStyle style = spec.style();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (SpecField known : SpecField.values()) {
            String name = known.yamlName();
            known.valueIn(spec).ifPresentOrElse(value -> fields.put(name, spelled(name, value, true, style)), () -> {
                if (known.isEmptyListIn(spec) && style.emptyLists().contains(name)) {
                    fields.put(name, List.of());
                }
            });
        }
        spec.extraFrontmatter().forEach((name, value) -> {
            if (SpecField.byName(name).isPresent()) {
                throw new IllegalArgumentException("extra frontmatter field '" + name
                        + "' has the name of an interpreted field: set it through SpecContent instead");
            }
            fields.put(name, spelled(name, value, false, style));
        });
        return Frontmatter.write(fields, spec.body());
    }

    /**
     * A value with the texts the file spelled otherwise as {@link SafeYaml.StyledText}. The keys of
     * an interpreted mapping (approval) name their own texts ({@code approval.by}); in an extra
     * field every text is named by the field.
     */
    private static Object spelled(String field, Object value, boolean interpreted, FileStyle style) {
        if (style.isNone()) {
            return value;
        }
        if (value instanceof String text) {
            return style.of(field, text).<Object>map(quoting -> new SafeYaml.StyledText(text, quoting)).orElse(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> spelled(field, item, interpreted, style)).toList();
        }
        if (value instanceof Map<?, ?> mapping) {
            Map<Object, Object> spelled = new LinkedHashMap<>();
            mapping.forEach((key, item) -> spelled.put(key,
                    spelled(interpreted ? field + "." + key : field, item, interpreted, style)));
            return spelled;
        }
        return value;
    }

    /** Remembers the quoted texts in an extra field's value that dumping would spell otherwise. */
    private static void rememberQuotedTexts(String field, Node node, FileStyle.Builder styles) {
        if (node instanceof ScalarNode scalar) {
            if (Tag.STR.equals(scalar.getTag()) && scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
                SafeYaml.unusualQuoting(scalar).ifPresent(quoting -> styles.scalar(field, scalar.getValue(), quoting));
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> rememberQuotedTexts(field, item, styles));
        } else if (node instanceof MappingNode mapping) {
            mapping.getValue().forEach(tuple -> rememberQuotedTexts(field, tuple.getValueNode(), styles));
        }
    }
}
