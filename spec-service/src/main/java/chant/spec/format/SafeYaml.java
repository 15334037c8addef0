package chant.spec.format;

import chant.spec.content.FileStyle;
import chant.spec.content.Problem;
import java.io.StringReader;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one place that configures SnakeYAML for frontmatter.
 *
 * <p>Loading is safe for files from anywhere: standard YAML types only, dates and times kept as
 * text (as chant reads them), few aliases, no recursive structures, no duplicate keys, a size
 * limit. Dumping writes block style and quotes exactly the strings that loading would otherwise
 * read as another type (numbers, booleans, null), so that what is dumped loads back equal.
 */
final class SafeYaml {

    /** Aliases to lists and mappings allowed in one document: plenty by hand, far too few for a "billion laughs". */
    static final int MAX_ALIASES = 20;

    /** Frontmatter larger than this many code points (2 MiB) is refused. */
    static final int MAX_CODE_POINTS = 2 * 1024 * 1024;

    /** The field that problems about the frontmatter as a whole are reported under. */
    static final String FRONTMATTER = "frontmatter";

    private SafeYaml() {
    }

    /**
     * Parses a frontmatter block whose first line is line {@code firstLine} of its file.
     *
     * @throws SpecFormatException when the YAML is malformed, too large, recursive or not a mapping
     */
    static YamlDocument load(String yaml, int firstLine) {
        int size = yaml.codePointCount(0, yaml.length());
        if (size > MAX_CODE_POINTS) { // refused before parsing: SnakeYAML would scan up to the limit first
            throw new SpecFormatException(List.of(Problem.error(FRONTMATTER, null, "the frontmatter has " + size
                    + " characters, over the limit of " + MAX_CODE_POINTS + ": move long values into the body")
                    .atLine(firstLine)));
        }
        LoaderOptions options = loaderOptions();
        ValueConstructor constructor = new ValueConstructor(options);
        Node root;
        try {
            root = yaml(constructor, options, new DumperOptions()).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            throw new SpecFormatException(List.of(problem(FRONTMATTER, e, firstLine)));
        }
        if (root == null) {
            return YamlDocument.EMPTY; // empty, or comments only
        }
        if (!(root instanceof MappingNode mapping)) {
            throw refused(root, firstLine, "must be a mapping of field names to values, found " + kind(root));
        }
        Optional<Node> recursive = recursiveNode(root, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (recursive.isPresent()) {
            throw refused(recursive.get(), firstLine, "invalid YAML: an alias refers to a node that contains it;"
                    + " recursive structures are not allowed");
        }
        return new YamlDocument(mapping, firstLine, constructor::construct);
    }

    /** Block-style YAML for a mapping, ending with a newline. */
    static String dump(Map<String, Object> mapping) {
        LoaderOptions loaderOptions = loaderOptions();
        return yaml(new ValueConstructor(loaderOptions), loaderOptions, dumperOptions()).dump(mapping);
    }

    /**
     * How a scalar of a file is spelled, when dumping its text would spell it otherwise: a plain
     * scalar that YAML reads as another type than text ({@code 1234567}, an int), or a quoted or
     * block scalar that the dumper would write another way ({@code '2026-02-02T14:32:32Z'}, which it
     * writes unquoted). Empty when dumping gives the same spelling, and for null.
     */
    static Optional<FileStyle.Quoting> unusualQuoting(ScalarNode scalar) {
        if (Tag.NULL.equals(scalar.getTag())) {
            return Optional.empty();
        }
        if (scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
            return Tag.STR.equals(scalar.getTag()) ? Optional.empty() : Optional.of(FileStyle.Quoting.PLAIN);
        }
        FileStyle.Quoting written = quoting(scalar.getScalarStyle());
        return written == dumpedQuoting(scalar.getValue()) ? Optional.empty() : Optional.of(written);
    }

    /** How the dumper writes a text as a value in a block mapping. */
    private static FileStyle.Quoting dumpedQuoting(String text) {
        if (DUMPED_QUOTING.size() > 10_000) {
            DUMPED_QUOTING.clear();
        }
        return DUMPED_QUOTING.computeIfAbsent(text, t -> {
            Node dumped = ((MappingNode) yaml(new ValueConstructor(loaderOptions()), loaderOptions(),
                    new DumperOptions()).compose(new StringReader(dump(Map.of("k", t))))).getValue().get(0)
                    .getValueNode();
            return quoting(((ScalarNode) dumped).getScalarStyle());
        });
    }

    /** {@link #dumpedQuoting} of texts seen lately: quoted texts repeat (timestamps, SHAs). */
    private static final Map<String, FileStyle.Quoting> DUMPED_QUOTING = new java.util.concurrent.ConcurrentHashMap<>();

    private static FileStyle.Quoting quoting(DumperOptions.ScalarStyle style) {
        return FileStyle.Quoting.valueOf(style.name());
    }

    /**
     * A text to dump in the given spelling (where YAML allows it): PLAIN writes it unquoted even
     * when YAML then reads another type, as the file it came from did.
     */
    record StyledText(String text, FileStyle.Quoting quoting) {
    }

    /** A problem for a YAML error: the parser's short message and, when it has one, the line in the file. */
    static Problem problem(String field, YAMLException e, int firstLine) {
        if (e instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            Problem problem = Problem.error(field, null, "invalid YAML: " + marked.getProblem());
            return mark == null ? problem : problem.atLine(fileLine(mark, firstLine));
        }
        return Problem.error(field, null, "invalid YAML: " + e.getMessage());
    }

    /** The 1-based line in the file of a position in a block that starts on line {@code firstLine}. */
    static int fileLine(Mark mark, int firstLine) {
        return mark.getLine() + firstLine; // Mark lines are 0-based
    }

    /** "text", "a list" or "a mapping", for messages about a value of the wrong shape. */
    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return node instanceof SequenceNode ? "a list" : "text";
    }

    private static SpecFormatException refused(Node node, int firstLine, String message) {
        Problem problem = Problem.error(FRONTMATTER, null, message).atLine(fileLine(node.getStartMark(), firstLine));
        return new SpecFormatException(List.of(problem));
    }

    private static Optional<Node> recursiveNode(Node node, Set<Node> path) {
        if (!path.add(node)) {
            return Optional.of(node);
        }
        for (Node child : children(node)) {
            Optional<Node> found = recursiveNode(child, path);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(node);
        return Optional.empty();
    }

    private static List<Node> children(Node node) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof MappingNode mapping) {
            return mapping.getValue().stream()
                    .flatMap(tuple -> Stream.of(tuple.getKeyNode(), tuple.getValueNode()))
                    .toList();
        }
        return List.of();
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(true);
        return options;
    }

    private static DumperOptions dumperOptions() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        options.setAllowUnicode(true);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        options.setDereferenceAliases(true);
        return options;
    }

    private static Yaml yaml(ValueConstructor constructor, LoaderOptions loaderOptions, DumperOptions dumperOptions) {
        return new Yaml(constructor, new TextRepresenter(dumperOptions), dumperOptions, loaderOptions,
                new TimestampsAsText());
    }

    /**
     * SnakeYAML's representer, except that text with a line break other than '\n' is written
     * double-quoted, where the break is an escape: in any other style YAML reads it as '\n'.
     */
    private static final class TextRepresenter extends Representer {
        private static final Pattern OTHER_LINE_BREAK = Pattern.compile("[\r\u0085\u2028\u2029]");

        TextRepresenter(DumperOptions options) {
            super(options);
            Represent standard = representers.get(String.class);
            Represent text = data -> OTHER_LINE_BREAK.matcher((String) data).find()
                    ? representScalar(Tag.STR, (String) data, DumperOptions.ScalarStyle.DOUBLE_QUOTED)
                    : standard.representData(data);
            representers.put(String.class, text);
            representers.put(StyledText.class, data -> {
                StyledText styled = (StyledText) data;
                if (OTHER_LINE_BREAK.matcher(styled.text()).find()) {
                    return text.representData(styled.text());
                }
                DumperOptions.ScalarStyle style = DumperOptions.ScalarStyle.valueOf(styled.quoting().name());
                if (style != DumperOptions.ScalarStyle.PLAIN) {
                    return representScalar(Tag.STR, styled.text(), style);
                }
                // Plain with the type YAML reads from the text (an int for 1234567), so that the
                // emitter leaves it unquoted. Plain text is written as any text is (its spelling is
                // never remembered), and null never, which would lose the text.
                Tag tag = RESOLVER.resolve(NodeId.scalar, styled.text(), true);
                return Tag.NULL.equals(tag) || Tag.STR.equals(tag) || !emittedPlain(styled.text(), tag)
                        ? text.representData(styled.text())
                        : representScalar(tag, styled.text(), style);
            });
        }
    }

    /**
     * YAML 1.1's implicit types without timestamps: {@code 2026-02-02T14:32:32Z} stays text, as
     * chant (serde_yaml) reads it. Used for dumping too, so that only strings that would load as
     * another type are quoted.
     */
    private static final Resolver RESOLVER = new TimestampsAsText();

    /** Texts whose plain spelling the emitter writes, or refuses (it quotes 0123456 and adds a tag). */
    private static final Map<String, Boolean> EMITTED_PLAIN = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Whether the emitter writes {@code text} of type {@code tag} unquoted and untagged; when it
     * does not, the text is better written as the quoted text it is than as a tagged quoted value.
     */
    private static boolean emittedPlain(String text, Tag tag) {
        if (EMITTED_PLAIN.size() > 10_000) {
            EMITTED_PLAIN.clear();
        }
        return EMITTED_PLAIN.computeIfAbsent(text, t -> {
            DumperOptions options = dumperOptions();
            Representer probe = new Representer(options) {
                {
                    representers.put(Probe.class, data -> representScalar(tag, t, DumperOptions.ScalarStyle.PLAIN));
                }
            };
            String dumped = new Yaml(new SafeConstructor(loaderOptions()), probe, options, loaderOptions(),
                    new TimestampsAsText()).dump(new Probe());
            return dumped.equals(t + "\n");
        });
    }

    /** The value {@link #emittedPlain} dumps. */
    private static final class Probe {
    }

    private static final class TimestampsAsText extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }

    /** SnakeYAML's safe constructor (standard types only), opened up to construct single nodes. */
    private static final class ValueConstructor extends SafeConstructor {
        ValueConstructor(LoaderOptions options) {
            super(options);
        }

        Object construct(Node node) {
            return constructDocument(node);
        }
    }
}
