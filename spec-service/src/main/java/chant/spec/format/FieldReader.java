package chant.spec.format;

import chant.spec.content.FileStyle;
import chant.spec.content.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one frontmatter field the platform interprets, in the shape it wants, reporting a wrong
 * shape or an unknown value as a problem that names the field and its line. Scalars are read as
 * the text written in the file, so {@code commits: [0123456]} gives "0123456", not a number.
 */
final class FieldReader {

    private final String name;
    private final YamlDocument.Field field;
    private final YamlDocument document;
    private final List<Problem> problems;
    private final FileStyle.Builder styles;
    private Map<String, YamlDocument.Field> children;

    /**
     * A reader for the field called {@code name} (a dotted path for nested fields); {@code field} is
     * null when the file does not have it. The spellings of what it reads go into {@code styles}.
     */
    FieldReader(String name, YamlDocument.Field field, YamlDocument document, List<Problem> problems,
            FileStyle.Builder styles) {
        this.name = name;
        this.field = field;
        this.document = document;
        this.problems = problems;
        this.styles = styles;
    }

    /** The text of a single value; null when the field is absent or null. */
    String text() {
        if (isNull()) {
            return null;
        }
        if (field.value() instanceof ScalarNode scalar) {
            return spelled(scalar);
        }
        report(null, "expected a single value, found " + SafeYaml.kind(field.value()));
        return null;
    }

    /** A single text or a list of texts, as a list; empty when the field is absent or null. */
    List<String> texts() {
        if (isNull()) {
            return List.of();
        }
        if (field.value() instanceof ScalarNode scalar) {
            return List.of(spelled(scalar));
        }
        if (!(field.value() instanceof SequenceNode sequence)) {
            report(null, "expected text or a list of text, found " + SafeYaml.kind(field.value()));
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        List<Node> items = sequence.getValue();
        if (items.isEmpty()) {
            styles.emptyList(name);
        }
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            if (item instanceof ScalarNode scalar && !Tag.NULL.equals(item.getTag())) {
                texts.add(spelled(scalar));
            } else {
                String found = item instanceof ScalarNode ? "empty" : SafeYaml.kind(item);
                report(null, "list item " + (i + 1) + " is " + found + ": each item must be text");
            }
        }
        return texts;
    }

    /**
     * One of a fixed set of values; null when the field is absent or null.
     *
     * @param parse the value for a text, if it is one of the set
     * @param what what a value is, with its article, e.g. "a spec type"
     * @param allowed the allowed values, listed for the message
     */
    <E> E choice(Function<String, Optional<E>> parse, String what, String allowed) {
        String text = text();
        if (text == null) {
            return null;
        }
        Optional<E> value = parse.apply(text);
        if (value.isEmpty()) {
            report(text, "'" + text + "' is not " + what + " (allowed: " + allowed + ")");
        }
        return value.orElse(null);
    }

    /** A YAML boolean; false when the field is absent or null. */
    boolean flag() {
        if (isNull()) {
            return false;
        }
        if (field.value() instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Set.of("true", "yes", "on").contains(scalar.getValue().toLowerCase());
        }
        report(field.value() instanceof ScalarNode scalar ? scalar.getValue() : null,
                "expected true or false, found " + SafeYaml.kind(field.value()));
        return false;
    }

    /**
     * Whether the field is a mapping (reporting any other shape), and if so, reports the keys it has
     * beyond {@code allowedKeys}.
     */
    boolean isMappingOf(List<String> allowedKeys) {
        if (isNull()) {
            return false;
        }
        if (!(field.value() instanceof MappingNode)) {
            report(null, "expected a mapping with " + String.join(", ", allowedKeys) + ", found "
                    + SafeYaml.kind(field.value()));
            return false;
        }
        for (YamlDocument.Field child : children().values()) {
            if (!allowedKeys.contains(child.name())) {
                problems.add(Problem.error(name, child.name(), "unknown field '" + child.name() + "' (allowed: "
                        + String.join(", ", allowedKeys) + ")").atLine(child.line()));
            }
        }
        return true;
    }

    /** A reader for a key of this mapping field, named {@code <this field>.<key>}. */
    FieldReader child(String key) {
        return new FieldReader(name + "." + key, children().get(key), document, problems, styles);
    }

    private Map<String, YamlDocument.Field> children() {
        if (children == null) {
            children = new LinkedHashMap<>();
            if (field != null && field.value() instanceof MappingNode mapping) {
                document.fieldsOf(mapping, name, problems).forEach(child -> children.put(child.name(), child));
            }
        }
        return children;
    }

    /** The scalar's text, its spelling remembered when the platform would spell it otherwise. */
    private String spelled(ScalarNode scalar) {
        SafeYaml.unusualQuoting(scalar).ifPresent(quoting -> styles.scalar(name, scalar.getValue(), quoting));
        return scalar.getValue();
    }

    private boolean isNull() {
        return field == null || Tag.NULL.equals(field.value().getTag());
    }

    private void report(String value, String message) {
        problems.add(Problem.error(name, value, message).atLine(field.line()));
    }
}
