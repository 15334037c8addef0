package chant.spec.format;

import chant.spec.content.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A frontmatter block loaded by {@link SafeYaml}: the fields of its top-level mapping in order,
 * each with its YAML node and its line in the file, and the plain Java values of those nodes.
 */
final class YamlDocument {

    /** A block with no fields: absent, empty, or comments only. */
    static final YamlDocument EMPTY = new YamlDocument(null, 0, node -> null);

    /** One key of a mapping: its name, its value node and the line of the key in the file. */
    record Field(String name, Node value, int line) {
    }

    private final MappingNode root;
    private final int firstLine;
    private final Function<Node, Object> constructor;

    YamlDocument(MappingNode root, int firstLine, Function<Node, Object> constructor) {
        this.root = root;
        this.firstLine = firstLine;
        this.constructor = constructor;
    }

    /** The top-level fields in order; names that are not text or that repeat are reported and skipped. */
    List<Field> fields(List<Problem> problems) {
        return root == null ? List.of() : fieldsOf(root, SafeYaml.FRONTMATTER, problems);
    }

    /**
     * The fields of a mapping in this document, in order. Keys that are not text or that repeat are
     * reported under {@code owner} (the name of the mapping) and skipped.
     */
    List<Field> fieldsOf(MappingNode mapping, String owner, List<Problem> problems) {
        List<Field> fields = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            int line = SafeYaml.fileLine(key.getStartMark(), firstLine);
            String name = key instanceof ScalarNode scalar && Tag.STR.equals(key.getTag()) ? scalar.getValue() : null;
            if (name == null) {
                problems.add(Problem.error(owner, null, "field names must be text, found " + describe(key)
                        + ": quote the name or remove the field").atLine(line));
                continue;
            }
            Integer earlier = firstLines.putIfAbsent(name, line);
            if (earlier != null) {
                problems.add(Problem.error(owner, name, "field '" + name + "' appears twice (lines " + earlier
                        + " and " + line + "): keep one").atLine(line));
                continue;
            }
            fields.add(new Field(name, tuple.getValueNode(), line));
        }
        return fields;
    }

    /**
     * The plain Java values of the given fields, in order: strings, numbers, booleans, null, lists
     * and mappings as SnakeYAML's safe constructor builds them. A value that cannot be built is
     * reported under its field name and left out.
     */
    Map<String, Object> values(List<Field> fields, List<Problem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields) {
            try {
                values.put(field.name(), constructor.apply(field.value()));
            } catch (YAMLException e) {
                problems.add(SafeYaml.problem(field.name(), e, firstLine));
            }
        }
        return values;
    }

    private static String describe(Node key) {
        return key instanceof ScalarNode scalar
                ? "'" + scalar.getValue() + "' (" + key.getTag().getValue().replace(Tag.PREFIX, "") + ")"
                : SafeYaml.kind(key);
    }
}
