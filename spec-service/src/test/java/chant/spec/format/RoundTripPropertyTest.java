package chant.spec.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.FileStyle;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The round-trip law over generated specs: {@code parse(render(spec))} equals {@code spec}, extra
 * fields in the same order, and rendering is stable. Each case has its own seed, named on failure.
 */
class RoundTripPropertyTest {

    private static final int CASES = 400;

    /** Text that YAML reads as something else, or that needs quoting or escaping. */
    private static final List<String> TRICKY = List.of("", " ", "1234567", "0123456", "3260890", "1e3", "0x1F",
            "0o17", "1_000", "-1", "+2", ".5", ".inf", "-.Inf", ".NaN", "190:20:30", "true", "False", "yes", "NO",
            "on", "Off", "y", "n", "null", "Null", "~", "<<", "=", "2026-02-02", "2026-02-02T14:32:32Z",
            "2026-02-07 10:16:27.76 -7", "- item", "? key", ": value", "key: value", "a #b", "#comment", "[a, b]",
            "{a: b}", "*alias", "&anchor", "!tag", "%directive", "@at", "`tick`", "|", ">", "'single'",
            "\"double\"", "back\\slash", "multi\nline", "trailing newline\n", "\n leading newline", "tab\there",
            "carriage\r\nreturn", "bell\u0007", "nul\u0000", "nel\u0085line", "ls\u2028ps\u2029", "bom\uFEFF",
            "é漢字😀", "---", "...", "--- x", "chant/2026-03-01-001-abc.1", "src/**/*.rs", " spaced ");

    private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyz_";

    @Test
    void parseOfRenderGivesBackTheSpec() {
        for (int seed = 0; seed < CASES; seed++) {
            SpecContent spec = new Generator(new Random(seed)).spec();
            String rendered = SpecMarkdown.render(spec);

            SpecContent parsed = SpecMarkdown.parse(rendered);

            String context = "seed " + seed + ", rendered:\n" + rendered;
            assertEquals(spec, parsed, context);
            assertEquals(new ArrayList<>(spec.extraFrontmatter().keySet()),
                    new ArrayList<>(parsed.extraFrontmatter().keySet()), context);
            assertEquals(rendered, SpecMarkdown.render(parsed), context);
        }
    }

    /**
     * The same law for files that spell scalars their own way (quoted, unquoted, block) and write
     * empty lists: the rendering reads back to the same content, and renders the same again.
     */
    @Test
    void respelledFilesReadBackAndRenderTheSameAgain() {
        for (int seed = 0; seed < CASES; seed++) {
            Generator generator = new Generator(new Random(seed));
            SpecContent spec = generator.spec();
            SpecContent respelled = spec.toBuilder().style(generator.style(spec)).build();
            String rendered = SpecMarkdown.render(respelled);

            SpecContent parsed = SpecMarkdown.parse(rendered);

            String context = "seed " + seed + ", style " + respelled.style() + ", rendered:\n" + rendered;
            assertEquals(spec, parsed.toBuilder().style(FileStyle.NONE).build(), context);
            assertEquals(rendered, SpecMarkdown.render(parsed), context);
        }
    }

    /** Random specs: every field present or not, text from {@link #TRICKY} or random characters. */
    private static final class Generator {
        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        SpecContent spec() {
            return SpecContent.builder()
                    .type(pick(SpecType.values()))
                    .status(pick(SpecStatus.values()))
                    .labels(texts()).dependsOn(texts()).informedBy(texts()).context(texts())
                    .targetFiles(texts()).origin(texts()).tracks(texts()).commits(texts()).members(texts())
                    .prompt(maybeText()).model(maybeText()).branch(maybeText()).completedAt(maybeText())
                    .approval(random.nextInt(3) == 0 ? null : new Approval(random.nextBoolean(),
                            pick(ApprovalStatus.values()), maybeText(), maybeText()))
                    .extraFrontmatter(extraFields())
                    .body(body())
                    .build();
        }

        /** Random spellings of texts the spec has, and random list fields written empty. */
        FileStyle style(SpecContent spec) {
            FileStyle.Builder style = new FileStyle.Builder();
            Map<String, List<String>> texts = new LinkedHashMap<>();
            texts.put("labels", spec.labels());
            texts.put("depends_on", spec.dependsOn());
            texts.put("commits", spec.commits());
            texts.put("members", spec.members());
            texts.put("prompt", spec.prompt() == null ? List.of() : List.of(spec.prompt()));
            texts.put("completed_at", spec.completedAt() == null ? List.of() : List.of(spec.completedAt()));
            if (spec.approval() != null && spec.approval().by() != null) {
                texts.put("approval.by", List.of(spec.approval().by()));
            }
            texts.forEach((field, values) -> values.stream().filter(value -> random.nextBoolean())
                    .forEach(value -> style.scalar(field, value, pick(FileStyle.Quoting.values()))));
            for (String field : List.of("labels", "depends_on", "informed_by", "context", "target_files", "origin",
                    "tracks", "commits", "members")) {
                if (random.nextInt(3) == 0) {
                    style.emptyList(field);
                }
            }
            spec.extraFrontmatter().forEach((field, value) -> {
                if (value instanceof String text && random.nextBoolean()) {
                    style.scalar(field, text, pick(new FileStyle.Quoting[] {FileStyle.Quoting.SINGLE_QUOTED,
                            FileStyle.Quoting.DOUBLE_QUOTED}));
                }
            });
            return style.build();
        }

        private String text() {
            if (random.nextBoolean()) {
                return pick(TRICKY.toArray(String[]::new));
            }
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(4) == 0
                        ? pick(new String[] {":", "#", "-", " ", "'", "\"", "\n", "\\", "é", "{", "&"})
                        : String.valueOf((char) ('a' + random.nextInt(26))));
            }
            return text.toString();
        }

        private String maybeText() {
            return random.nextInt(3) == 0 ? null : text();
        }

        private List<String> texts() {
            return listOf(random.nextInt(4), this::text);
        }

        private Map<String, Object> extraFields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            int count = random.nextInt(5);
            while (fields.size() < count) {
                String name = random.nextBoolean() ? text() : key();
                if (SpecField.byName(name).isEmpty()) {
                    fields.put(name, value(3));
                }
            }
            return fields;
        }

        private String key() {
            StringBuilder key = new StringBuilder();
            for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
                key.append(KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length())));
            }
            return key.toString();
        }

        /** A YAML value as SnakeYAML's safe constructor builds it, nested up to {@code depth}. */
        private Object value(int depth) {
            int kind = random.nextInt(depth > 0 ? 10 : 8);
            return switch (kind) {
                case 0, 1 -> text();
                case 2 -> random.nextInt();
                case 3 -> random.nextBoolean() ? Integer.MAX_VALUE + 1L + random.nextInt(1000) : Long.MIN_VALUE + 1;
                case 4 -> BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1 + random.nextInt(1000)));
                case 5 -> pick(new Double[] {0.5, -1.25e-7, 3.0, Double.POSITIVE_INFINITY, Double.NaN,
                        random.nextDouble()});
                case 6 -> random.nextBoolean();
                case 7 -> null;
                case 8 -> listOf(random.nextInt(4), () -> value(depth - 1));
                default -> mapping(depth - 1);
            };
        }

        private Map<Object, Object> mapping(int depth) {
            Map<Object, Object> mapping = new LinkedHashMap<>();
            for (int i = 0, n = random.nextInt(4); i < n; i++) {
                mapping.put(random.nextInt(5) == 0 ? (Object) random.nextInt(100) : text(), value(depth));
            }
            return mapping;
        }

        private String body() {
            List<String> lines = listOf(random.nextInt(6), () -> random.nextBoolean() ? text() : "---");
            String lineEnd = random.nextBoolean() ? "\n" : "\r\n";
            return String.join(lineEnd, lines) + (random.nextBoolean() ? lineEnd : "");
        }

        private <T> List<T> listOf(int size, Supplier<T> item) {
            List<T> items = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                items.add(item.get());
            }
            return items;
        }

        private <T> T pick(T[] values) {
            return values[random.nextInt(values.length)];
        }
    }
}
