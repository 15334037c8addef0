package chant.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic spec contents, generated deterministically from an index so that reruns produce the
 * same data: the specs the create phase writes, and the files the list phase imports.
 */
final class SpecSamples {

    /** Labels the specs carry, 1 to 3 each. */
    static final List<String> LABELS = List.of(
            "backend", "frontend", "api", "cli", "db", "auth", "billing", "search", "infra", "ci",
            "docs", "perf", "security", "ux", "bug", "feature", "refactor", "tech-debt", "p0", "p1",
            "p2", "p3", "mobile", "web", "grpc", "storage", "cache", "queue", "metrics", "logging",
            "tracing", "config", "deploy", "k8s", "migration", "schema", "import", "export", "parser", "format",
            "agent", "prompt", "review", "approval", "git", "merge", "release", "ops", "oncall", "research");

    /**
     * Words of which every seeded body holds exactly one, each word in 1% of the specs, so that a
     * text search for one of them matches 1%. None occurs in any other generated text.
     */
    static final List<String> VOCABULARY = List.of(
            "abalone", "basilisk", "cinnabar", "dulcimer", "edelweiss", "fennelseed", "galleon", "hyacinth",
            "ironwood", "jacaranda", "kestrel", "labyrinth", "marzipan", "nautilus", "obsidian", "peregrine",
            "quetzal", "rhubarb", "saffron", "tamarind", "ultramarine", "vermilion", "wolfram", "xylophone",
            "yarrow", "zeppelin", "alabaster", "bergamot", "chrysalis", "damask", "emberglow", "flamingo",
            "gossamer", "heliotrope", "indigoid", "juniper", "kumquat", "lavender", "magnolia", "nectarine",
            "oleander", "paprika", "quartzite", "rosewood", "sassafras", "turquoise", "umbrella", "velvetine",
            "wisteria", "yellowfin", "zinnia", "anemone", "bramble", "cardamom", "dandelion", "eucalyptus",
            "foxglove", "gardenia", "hibiscus", "ivorybill", "jasmine", "kingfisher", "lichen", "mistletoe",
            "nightjar", "orchid", "pimento", "quokka", "raspberry", "sorrel", "thistle", "urchin",
            "violetta", "walrus", "yucca", "zircon", "axolotl", "barnacle", "caribou", "dormouse",
            "egret", "ferret", "gazelle", "hedgehog", "impala", "jackdaw", "koala", "lemming",
            "marmoset", "narwhal", "ocelot", "pangolin", "quagga", "reindeer", "salamander", "tapir",
            "wombat", "yak", "zebu", "platypus");

    private static final List<String> VERBS = List.of(
            "Add", "Fix", "Refactor", "Document", "Speed up", "Harden", "Remove", "Split", "Retry", "Validate");
    private static final List<String> OBJECTS = List.of(
            "pagination", "token refresh", "error messages", "the import report", "label filters",
            "request logging", "the config loader", "branch naming", "timeouts", "the status command");
    private static final List<String> PLACES = List.of(
            "spec-service", "the CLI", "the worker", "the exporter", "the scheduler", "the git adapter",
            "the prompt renderer", "the health check");

    private SpecSamples() {
    }

    /** A spec as `chant add` would create it: title, three labels, ~1 KB body with acceptance criteria. */
    record NewSpec(String title, List<String> labels, String body, int criteriaTotal, int criteriaChecked) {
    }

    static NewSpec newSpec(long n) {
        SplittableRandom r = new SplittableRandom(n * 0x9E3779B97F4A7C15L + 1);
        String title = title(r) + " (" + n + ")";
        List<String> labels = new ArrayList<>();
        while (labels.size() < 3) {
            String label = pick(r, LABELS);
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        String place = pick(r, PLACES);
        String body = """
                ## Context

                Calls from %1$s fail now and then when the database is briefly unavailable, and the
                caller sees a bare INTERNAL status without a hint of what to do. Operators then restart
                the service by hand, which loses the requests that were in flight at that moment. The
                behaviour should be predictable: transient failures are retried a bounded number of
                times with backoff, and permanent ones are reported with a message that names the cause.

                ## Approach

                Wrap the repository calls of %1$s in a small retry helper with jittered exponential
                backoff (three attempts, 50 ms base), classify SQL states into transient and permanent
                ones, and map the permanent ones to gRPC statuses with a readable description.

                ## Acceptance Criteria

                - [x] Transient SQL states are retried at most three times with jittered backoff
                - [ ] Permanent failures return FAILED_PRECONDITION or INTERNAL with the cause named
                - [ ] A test covers a connection dropped in the middle of a transaction
                """.formatted(place);
        return new NewSpec(title, List.copyOf(labels), body, 3, 1);
    }

    /** The body as the service stores it: the title heading, a blank line, then the given body. */
    static String storedBody(String title, String body) {
        return "# " + title + "\n\n" + body;
    }

    /** A seeded spec: its ID, its file and the fields a list filters on. */
    record SeedSpec(String id, String status, String type, List<String> labels, String word, String file) {
    }

    /**
     * Spec number {@code i} of a list project: IDs of the generated form spread over consecutive days
     * from 2024-01-01 (1000 a day), statuses about 45% pending, 40% completed, 15% in progress,
     * types mostly code, 1 to 3 labels, and exactly one {@link #VOCABULARY} word in the body.
     */
    static SeedSpec seedSpec(int i) {
        SplittableRandom r = new SplittableRandom(i * 0xBF58476D1CE4E5B9L + 7);
        String day = LocalDate.of(2024, 1, 1).plusDays(i / 1000).toString();
        String id = day + "-" + base36(i % 1000 + 1) + "-" + base36(r.nextInt(36 * 36 * 36));
        int s = r.nextInt(100);
        String status = s < 45 ? "pending" : s < 85 ? "completed" : "in_progress";
        int t = r.nextInt(100);
        String type = t < 60 ? "code" : t < 80 ? "task" : t < 90 ? "documentation" : "research";
        int labelCount = 1 + r.nextInt(3);
        List<String> labels = new ArrayList<>();
        while (labels.size() < labelCount) {
            String label = pick(r, LABELS);
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        String word = VOCABULARY.get((int) ((i * 37L + 11) % VOCABULARY.size()));
        String title = title(r);
        StringBuilder f = new StringBuilder();
        f.append("---\n");
        f.append("type: ").append(type).append('\n');
        f.append("status: ").append(status).append('\n');
        f.append("labels: [").append(String.join(", ", labels)).append("]\n");
        if (type.equals("documentation")) {
            f.append("tracks: [src/module").append(i % 40).append("/]\n");
        }
        if (type.equals("research")) {
            f.append("origin: [data/metrics-").append(i % 12).append(".csv]\n");
        }
        if (status.equals("completed")) {
            f.append("completed_at: ").append(day).append("T12:00:00Z\n");
            f.append("commits: [\"").append(String.format("%07x", r.nextInt(1 << 28))).append("\"]\n");
        }
        f.append("---\n");
        f.append("# ").append(title).append("\n\n");
        f.append("The current behaviour surprises users of ").append(pick(r, PLACES))
                .append(" and support spends time on it; the ").append(word)
                .append(" case shows it best. Make the behaviour explicit and cover it with a test.\n\n");
        f.append("## Acceptance Criteria\n\n");
        boolean done = status.equals("completed");
        f.append("- [").append(done ? 'x' : ' ').append("] The behaviour is described in the docs\n");
        f.append("- [").append(done ? 'x' : ' ').append("] A test covers the ").append(word).append(" case\n");
        return new SeedSpec(id, status, type, List.copyOf(labels), word, f.toString());
    }

    private static String title(SplittableRandom r) {
        return pick(r, VERBS) + " " + pick(r, OBJECTS) + " in " + pick(r, PLACES);
    }

    private static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    static String base36(int n) {
        String digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        char[] out = new char[3];
        for (int i = 2; i >= 0; i--) {
            out[i] = digits.charAt(n % 36);
            n /= 36;
        }
        return new String(out);
    }
}
