package chant.spec.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import chant.spec.content.SpecContent;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Test fixtures: the project's own folders under {@code fixtures/}, and an independent look at frontmatter. */
final class Fixtures {

    /** Fields that hold a list of text; a single text is the same as a list of one. */
    private static final List<String> LIST_FIELDS = List.of("labels", "depends_on", "informed_by", "context",
            "target_files", "origin", "tracks", "commits", "members");
    private static final List<String> TEXT_FIELDS = List.of("type", "status", "prompt", "branch", "completed_at",
            "model");
    private static final Pattern FRONTMATTER = Pattern.compile("\\A---\\r?\\n(.*?)^---\\r?$",
            Pattern.DOTALL | Pattern.MULTILINE);

    private Fixtures() {
    }

    /** A folder under the test resources' {@code fixtures/}. */
    static Path folder(String name) {
        URL url = Objects.requireNonNull(Fixtures.class.getResource("/fixtures/" + name), name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under a folder, as '/'-separated paths relative to it, sorted. */
    static List<String> files(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts the round-trip law on a spec file: it parses; its rendering parses to an equal spec
     * (extra fields in the same order) and renders the same again; and the original and the
     * rendering have equal {@link #plainFrontmatter} and the same body.
     *
     * @return the parsed spec
     */
    static SpecContent assertRoundTrips(String file, String name) {
        SpecContent spec = SpecMarkdown.parse(file);
        String rendered = SpecMarkdown.render(spec);
        SpecContent reparsed = SpecMarkdown.parse(rendered);

        assertEquals(spec, reparsed, name);
        assertEquals(List.copyOf(spec.extraFrontmatter().keySet()), List.copyOf(reparsed.extraFrontmatter().keySet()),
                name);
        assertEquals(rendered, SpecMarkdown.render(reparsed), name);
        assertEquals(plainFrontmatter(file), plainFrontmatter(rendered), name);
        assertEquals(spellings(file), spellings(rendered).entrySet().stream()
                .filter(field -> spellings(file).containsKey(field.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), name + ": scalar spellings");
        assertTrue(rendered.endsWith(spec.body()), name);
        return spec;
    }

    /**
     * How a file spells the scalars of its interpreted fields: per field, each item (or the single
     * value) as text, YAML type and quoting, as plain SnakeYAML composes them; an empty list as
     * "[]". Null values are left out (render omits them).
     */
    static Map<String, List<String>> spellings(String file) {
        Matcher matcher = FRONTMATTER.matcher(file);
        MappingNode root = (MappingNode) new Yaml().compose(new StringReader(matcher.find() ? matcher.group(1) : ""));
        Map<String, List<String>> spellings = new LinkedHashMap<>();
        for (NodeTuple field : root == null ? List.<NodeTuple>of() : root.getValue()) {
            String name = ((ScalarNode) field.getKeyNode()).getValue();
            Node value = field.getValueNode();
            if (!(LIST_FIELDS.contains(name) || TEXT_FIELDS.contains(name)) || Tag.NULL.equals(value.getTag())) {
                continue;
            }
            List<Node> items = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
            spellings.put(name, items.isEmpty() ? List.of("[]") : items.stream()
                    .map(item -> ((ScalarNode) item).getValue() + " " + item.getTag().getValue() + " "
                            + ((ScalarNode) item).getScalarStyle())
                    .toList());
        }
        return spellings;
    }

    /**
     * A spec file's frontmatter as plain SnakeYAML ({@code new Yaml()}) reads it, independent of the
     * code under test, normalized for what the format defines as equal, so that an original file and
     * its rendering can be compared:
     * <ul>
     *   <li>interpreted fields are compared as the text written, taken from the plain node tree: chant
     *       and the platform read text, while a plain load turns {@code commits: [1234567]} into a
     *       number and {@code commits: [64e2470]} (a real short SHA) into Infinity;</li>
     *   <li>a single text in a list field ({@code depends_on: x}) is the list {@code [x]};</li>
     *   <li>interpreted fields that are null or empty lists are left out (render omits them);</li>
     *   <li>absent {@code type}/{@code status} are {@code code}/{@code pending} (chant's defaults,
     *       which render always writes).</li>
     * </ul>
     * Extra fields are compared exactly as the plain load gives them (timestamps as dates too).
     */
    static Map<String, Object> plainFrontmatter(String file) {
        Matcher matcher = FRONTMATTER.matcher(file);
        String yaml = matcher.find() ? matcher.group(1) : "";
        Map<String, Object> loaded = new Yaml().load(yaml);
        Map<String, Object> fields = new LinkedHashMap<>(loaded == null ? Map.of() : loaded);
        MappingNode root = (MappingNode) new Yaml().compose(new StringReader(yaml));
        for (NodeTuple field : root == null ? List.<NodeTuple>of() : root.getValue()) {
            String name = ((ScalarNode) field.getKeyNode()).getValue();
            if (LIST_FIELDS.contains(name)) {
                fields.put(name, texts(field.getValueNode()));
            } else if (TEXT_FIELDS.contains(name)) {
                fields.put(name, text(field.getValueNode()));
            }
        }
        Stream.concat(LIST_FIELDS.stream(), TEXT_FIELDS.stream())
                .filter(name -> fields.containsKey(name) && isEmpty(fields.get(name)))
                .forEach(fields::remove);
        fields.putIfAbsent("type", "code");
        fields.putIfAbsent("status", "pending");
        return fields;
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof List<?> list && list.isEmpty();
    }

    private static List<String> texts(Node node) {
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        return items.stream().map(Fixtures::text).filter(Objects::nonNull).toList();
    }

    private static String text(Node node) {
        return Tag.NULL.equals(node.getTag()) ? null : ((ScalarNode) node).getValue();
    }
}
