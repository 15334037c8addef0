package chant.spec.lint;

import chant.spec.content.MarkdownBody;
import chant.spec.id.SpecId;
import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.Problem;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecRules;
import chant.spec.content.SpecType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a spec beyond what storing it requires: the {@link SpecRules} errors (body size, labels,
 * paths), plus errors for references to specs that do not exist and an inconsistent approval, and
 * warnings for a missing or blank title (chant loads such files; the spec is titled by its ID), a
 * spec too big to be one piece of work, a research spec without sources, and a spec with no
 * acceptance criteria.
 */
public final class SpecLint {

    /** More acceptance criteria or target files than this suggests splitting the spec. */
    public static final int MAX_ITEMS = 10;
    /** More words in the body than this suggests splitting the spec. */
    public static final int MAX_WORDS = 2_000;

    private static final String SPLIT = ": consider splitting it into a group (chant add --group)";

    private SpecLint() {
    }

    /** Every problem of the spec, errors and warnings; empty when it is clean. */
    public static List<Problem> lint(LintInput input) {
        SpecContent content = input.content();
        MarkdownBody.Criteria criteria = MarkdownBody.criteria(content.body());
        List<Problem> problems = new ArrayList<>(SpecRules.validate(content));
        checkTitle(content.body(), problems);
        checkReferences("depends_on", content.dependsOn(), input.knownIds(),
                "fix the ID or create that spec first", problems);
        checkReferences("members", content.members(), input.knownIds(),
                "fix the ID or remove it from members", problems);
        checkApproval(content.approval(), problems);
        checkSize(content, criteria, problems);
        checkResearchSources(content, problems);
        if (criteria.total() == 0 && !isDriver(input)) {
            problems.add(Problem.warning("body", null, "the spec has no acceptance criteria: add a"
                    + " '## Acceptance Criteria' section with '- [ ]' items"));
        }
        return List.copyOf(problems);
    }

    private static void checkTitle(String body, List<Problem> problems) {
        Optional<String> title = MarkdownBody.title(body);
        if (title.isEmpty()) {
            problems.add(Problem.warning("body", null, "the body has no title: add a '# Title' line"
                    + " (until then the spec is titled by its ID)"));
        } else if (title.get().isBlank()) {
            problems.add(Problem.warning("body", null, "the title is blank: add a '# Title' line with text"
                    + " (until then the spec is titled by its ID)"));
        }
    }

    private static void checkReferences(String field, List<String> ids, Set<String> knownIds, String fix,
            List<Problem> problems) {
        ids.stream().filter(id -> !knownIds.contains(id)).forEach(id -> problems.add(Problem.error(field, id,
                field + " names '" + id + "', which is not a spec of this project: " + fix)));
    }

    private static void checkApproval(Approval approval, List<Problem> problems) {
        if (approval == null) {
            return;
        }
        ApprovalStatus status = approval.status();
        boolean decided = status == ApprovalStatus.APPROVED || status == ApprovalStatus.REJECTED;
        if (decided && (approval.by() == null || approval.by().isBlank())) {
            problems.add(Problem.error("approval", status.yamlName(), "approval.by is missing: record who "
                    + (status == ApprovalStatus.APPROVED ? "approved" : "rejected") + " the spec"));
        }
        if (approval.required() && status == null) {
            problems.add(Problem.error("approval", null, "approval is required but approval.status is missing:"
                    + " set it to pending"));
        }
    }

    private static void checkSize(SpecContent content, MarkdownBody.Criteria criteria, List<Problem> problems) {
        if (criteria.total() > MAX_ITEMS) {
            problems.add(Problem.warning("body", String.valueOf(criteria.total()), "the spec has "
                    + criteria.total() + " acceptance criteria, more than " + MAX_ITEMS + SPLIT));
        }
        if (content.targetFiles().size() > MAX_ITEMS) {
            problems.add(Problem.warning("target_files", String.valueOf(content.targetFiles().size()), "the spec has "
                    + content.targetFiles().size() + " target files, more than " + MAX_ITEMS + SPLIT));
        }
        int words = wordCount(content.body());
        if (words > MAX_WORDS) {
            problems.add(Problem.warning("body", String.valueOf(words), "the body has " + words
                    + " words, more than " + MAX_WORDS + SPLIT));
        }
    }

    private static void checkResearchSources(SpecContent content, List<Problem> problems) {
        if (content.type() == SpecType.RESEARCH && content.informedBy().isEmpty() && content.origin().isEmpty()) {
            problems.add(Problem.warning("informed_by", null, "a research spec has neither informed_by nor origin:"
                    + " list the documents or data it studies"));
        }
    }

    /** A driver: of type driver or group, with members listed, or with member IDs in the project. */
    private static boolean isDriver(LintInput input) {
        if (input.content().type().isDriver() || !input.content().members().isEmpty()) {
            return true;
        }
        SpecId id = SpecId.of(input.id());
        return input.knownIds().stream().anyMatch(known -> SpecId.of(known).driver().filter(id::equals).isPresent());
    }

    private static int wordCount(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
