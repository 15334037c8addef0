package chant.agent.split;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer a split run's agent gives: in its final text, a fenced {@code ```json} block holding
 * {@code {"members": [...]}} (the last such block counts, so an agent may show drafts before it),
 * each member with {@code title}, {@code body}, {@code target_files} and {@code depends_on} (numbers of
 * other members, 1-based). JSON rather than YAML: the platform's one YAML configuration lives in
 * spec-service, and JSON is what agent-service already reads (Jackson), with no implicit typing to
 * surprise anyone. {@link #instruction()} is what the prompt tells the agent, so format and parser
 * are defined in one place.
 *
 * <p>Every problem is collected and reported together, naming the member and the field: at least one
 * member, each with a one-line title and a body; dependencies only on other members by number, no
 * cycle, and each on an earlier member (members are created in order, with their dependencies' IDs);
 * target files relative, inside the repository, not into {@code .git}.
 */
public final class SplitAnswer {

    /** The most members a split may propose. */
    public static final int MAX_MEMBERS = 50;
    static final int MAX_TITLE = 200;
    private static final Pattern FENCE = Pattern.compile("(?m)^(`{3,})[ \\t]*json[ \\t]*\\n(.*?)^\\1[ \\t]*$",
            Pattern.DOTALL);
    private static final Set<String> FIELDS = Set.of("title", "body", "target_files", "depends_on");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SplitAnswer() {
    }

    /** The end of a split run's prompt: the answer's format. */
    public static String instruction(String specId) {
        return """
                ## Your answer

                Change no file: this checkout is only for reading, and nothing in it is kept. End your final message \
                with the members of `%s` as one fenced `json` block, in the order they should be done:

                ```json
                {"members": [
                  {"title": "One line saying what this member does",
                   "body": "What to change and why, in markdown.\\n\\n## Acceptance Criteria\\n\\n- [ ] a criterion that can be checked in the code",
                   "target_files": ["src/the/file/it/changes.java"],
                   "depends_on": []},
                  {"title": "...", "body": "...", "target_files": ["..."], "depends_on": [1]}
                ]}
                ```

                `depends_on` lists the numbers (1 for the first member) of the members that must be done first; a member \
                without them can start at once. `target_files` are paths relative to the repository. The members become \
                specs `%s.1`, `%s.2`, ... exactly as you write them; the platform refuses an answer with no member, an \
                empty title or body, a dependency on a member that does not exist or a cycle, or a path outside the \
                repository.
                """.formatted(specId, specId, specId);
    }

    /**
     * The members in {@code finalText}.
     *
     * @throws SplitRefusedException naming every problem found
     */
    public static List<ProposedMember> parse(String finalText) {
        return members(lastJsonBlock(finalText == null ? "" : finalText));
    }

    /** The members of a plan {@link #toPlan} wrote (checked again: a plan is only ever read back). */
    public static List<ProposedMember> fromPlan(String plan) {
        return members(plan);
    }

    /** The members as JSON, {@code {"members": [...]}} in the answer's own format. */
    public static String toPlan(List<ProposedMember> members) {
        com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("members");
        for (ProposedMember member : members) {
            com.fasterxml.jackson.databind.node.ObjectNode one = list.addObject();
            one.put("title", member.title());
            one.put("body", member.body());
            com.fasterxml.jackson.databind.node.ArrayNode files = one.putArray("target_files");
            member.targetFiles().forEach(files::add);
            com.fasterxml.jackson.databind.node.ArrayNode depends = one.putArray("depends_on");
            member.dependsOn().forEach(depends::add);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("members cannot be written as JSON", e);
        }
    }

    private static List<ProposedMember> members(String block) {
        JsonNode root;
        try {
            root = JSON.readTree(block);
        } catch (JsonProcessingException e) {
            throw new SplitRefusedException("the answer's json block is not JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        JsonNode members = root == null ? null : root.isArray() ? root : root.get("members");
        if (members == null || !members.isArray()) {
            throw new SplitRefusedException("the answer's json block holds no \"members\" list: write {\"members\": [...]}");
        }
        if (members.isEmpty()) {
            throw new SplitRefusedException("the answer proposes no member: a split needs at least one");
        }
        if (members.size() > MAX_MEMBERS) {
            throw new SplitRefusedException("the answer proposes " + members.size() + " members: at most " + MAX_MEMBERS);
        }
        List<String> problems = new ArrayList<>();
        List<ProposedMember> parsed = new ArrayList<>();
        int count = members.size();
        for (int i = 0; i < count; i++) {
            parsed.add(member(i + 1, members.get(i), count, problems));
        }
        if (problems.isEmpty()) {
            cycle(parsed).ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            // Members are created in order, each with the IDs of those it depends on.
            for (ProposedMember member : parsed) {
                member.dependsOn().stream().filter(n -> n > member.number()).forEach(n -> problems.add("member "
                        + member.number() + " depends on member " + n + ", which comes after it: list the members so that"
                        + " each comes after those it depends on"));
            }
        }
        if (!problems.isEmpty()) {
            throw new SplitRefusedException("the answer's members are refused: " + String.join("; ", problems));
        }
        return List.copyOf(parsed);
    }

    private static String lastJsonBlock(String text) {
        Matcher fence = FENCE.matcher(text);
        String last = null;
        while (fence.find()) {
            last = fence.group(2);
        }
        if (last == null) {
            throw new SplitRefusedException("the agent's answer has no ```json block with the members"
                    + (text.isBlank() ? " (its final text is empty)" : ""));
        }
        return last;
    }

    private static ProposedMember member(int number, JsonNode node, int count, List<String> problems) {
        String at = "member " + number;
        if (node == null || !node.isObject()) {
            problems.add(at + " is not an object with title, body, target_files and depends_on");
            return new ProposedMember(number, "", "", List.of(), List.of());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(at + " has an unknown field \"" + name + "\" (the fields are title, body, target_files,"
                        + " depends_on)");
            }
        }
        String title = text(node, "title", at, problems).strip();
        if (title.isEmpty()) {
            problems.add(at + " has no title");
        } else if (title.contains("\n")) {
            problems.add(at + "'s title is more than one line");
        } else if (title.length() > MAX_TITLE) {
            problems.add(at + "'s title is longer than " + MAX_TITLE + " characters");
        }
        String body = text(node, "body", at, problems).strip();
        if (body.isEmpty()) {
            problems.add(at + " has no body");
        }
        List<String> targets = new ArrayList<>();
        JsonNode files = node.get("target_files");
        if (files != null && !files.isNull()) {
            if (!files.isArray()) {
                problems.add(at + "'s target_files is not a list of paths");
            } else {
                for (JsonNode file : files) {
                    if (!file.isTextual()) {
                        problems.add(at + "'s target_files holds " + file + ", not a path");
                        continue;
                    }
                    String problem = pathProblem(file.asText());
                    if (problem != null) {
                        problems.add(at + "'s target file \"" + file.asText() + "\" is refused: " + problem);
                    } else {
                        targets.add(Path.of(file.asText()).normalize().toString());
                    }
                }
            }
        }
        LinkedHashSet<Integer> needs = new LinkedHashSet<>();
        JsonNode depends = node.get("depends_on");
        if (depends != null && !depends.isNull()) {
            if (!depends.isArray()) {
                problems.add(at + "'s depends_on is not a list of member numbers");
            } else {
                for (JsonNode other : depends) {
                    if (!other.canConvertToInt() || !other.isIntegralNumber()) {
                        problems.add(at + "'s depends_on holds " + other + ", not a member number (1 to " + count + ")");
                    } else if (other.asInt() < 1 || other.asInt() > count) {
                        problems.add(at + " depends on member " + other.asInt() + ", which does not exist (1 to " + count
                                + ")");
                    } else if (other.asInt() == number) {
                        problems.add(at + " depends on itself");
                    } else {
                        needs.add(other.asInt());
                    }
                }
            }
        }
        return new ProposedMember(number, title, body, targets, List.copyOf(needs));
    }

    private static String text(JsonNode node, String field, String at, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            problems.add(at + "'s " + field + " is not a string");
            return "";
        }
        return value.asText();
    }

    /** Why a target file is refused, or null: relative, no {@code ..}, not the repository itself, not into .git. */
    static String pathProblem(String path) {
        if (path.isBlank()) {
            return "an empty path";
        }
        if (path.indexOf('\0') >= 0) {
            return "a path cannot hold a NUL character";
        }
        if (path.startsWith("/") || path.startsWith("~") || path.startsWith("\\")) {
            return "absolute paths are refused: name a file inside the repository";
        }
        Path parsed;
        try {
            parsed = Path.of(path);
        } catch (InvalidPathException e) {
            return "not a path (" + e.getReason() + ")";
        }
        for (Path part : parsed) {
            if (part.toString().equals("..")) {
                return "paths that climb out of the repository (..) are refused";
            }
        }
        Path normal = parsed.normalize();
        if (normal.toString().isEmpty()) {
            return "it names the repository itself, not a file";
        }
        if (normal.getName(0).toString().equals(".git")) {
            return "it points into .git";
        }
        return null;
    }

    /** A dependency cycle, described as {@code member 1 -> 3 -> 1}, if there is one. */
    static java.util.Optional<String> cycle(List<ProposedMember> members) {
        Map<Integer, List<Integer>> edges = new HashMap<>();
        members.forEach(m -> edges.put(m.number(), m.dependsOn()));
        Map<Integer, Integer> state = new HashMap<>(); // 1: on the path, 2: done
        for (ProposedMember m : members) {
            List<Integer> path = new ArrayList<>();
            java.util.Optional<String> found = visit(m.number(), edges, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> visit(int node, Map<Integer, List<Integer>> edges, Map<Integer, Integer> state,
            List<Integer> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return java.util.Optional.empty();
        }
        if (seen != null && seen == 1) {
            List<Integer> loop = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            loop.add(node);
            return java.util.Optional.of("the dependencies form a cycle: member " + String.join(" -> ",
                    loop.stream().map(String::valueOf).toList()) + " (each waits for the next)");
        }
        state.put(node, 1);
        path.add(node);
        for (int next : edges.getOrDefault(node, List.of())) {
            java.util.Optional<String> found = visit(next, edges, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return java.util.Optional.empty();
    }
}
