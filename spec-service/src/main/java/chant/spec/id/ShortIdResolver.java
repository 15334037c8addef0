package chant.spec.id;

import chant.support.failure.NotFoundException;
import chant.support.failure.PreconditionFailedException;
import chant.spec.project.Project;
import chant.support.text.Shown;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Resolves what a person types to a full spec ID, in chant's order: the exact ID; a unique
 * random suffix ({@code x7m}, {@code x7m.2}); a sequence of today ({@code 008}); a unique
 * substring ({@code 22-001}). Archived specs answer only to their exact ID or suffix. The rule
 * itself is {@link ShortIdRule}; this class finds the stored specs it applies to.
 */
@ApplicationScoped
public class ShortIdResolver {

    /** How a query matched. */
    public enum Match { EXACT, RANDOM_SUFFIX, TODAY_SEQUENCE, SUBSTRING }

    public record Resolved(String id, Match match) {
    }

    private static final int MAX_CANDIDATES_SHOWN = 10;
    /** The most specs the substring step reads; a query contained in more is ambiguous anyway. */
    private static final int SUBSTRING_LIMIT = 50;

    @Inject
    IdAllocator ids;

    /**
     * The query when it can name a spec at all, checked before any lookup.
     *
     * @throws chant.support.failure.InvalidRequestException when it is empty or longer than any spec ID
     */
    public static String requireQuery(String query) {
        String q = query == null ? "" : query;
        if (q.isEmpty()) {
            throw new chant.support.failure.InvalidRequestException("spec ID is empty: give a full ID or a short form such as its random suffix");
        }
        if (q.length() > SpecId.MAX_LENGTH) {
            throw new chant.support.failure.InvalidRequestException("spec ID " + Shown.prefix(q) + " is longer than any spec ID ("
                    + SpecId.MAX_LENGTH + " characters at most): give a full ID or a short form such as its random suffix");
        }
        return q;
    }

    public Resolved resolve(Project project, String query) {
        String q = requireQuery(query);
        // The queries only narrow the stored specs down, step by step (indexed where they can be);
        // ShortIdRule decides what the query names among what they found.
        List<ShortIdRule.Candidate> exact = candidates(
                "SELECT spec_id, archived FROM spec WHERE project_id = :p AND spec_id = :q", project, q);
        if (!exact.isEmpty()) {
            return decided(q, ShortIdRule.match(q, exact, null));
        }
        var random = ShortIdRule.randomSuffixOf(q);
        if (random.isPresent()) {
            ShortIdRule.Outcome bySuffix = ShortIdRule.match(q, candidates("""
                    SELECT spec_id, archived FROM spec WHERE project_id = :p AND random_suffix = :s""",
                    project, null, "s", random.get()), null);
            if (matchedAt(bySuffix, Match.RANDOM_SUFFIX)) {
                return decided(q, bySuffix);
            }
        }
        String today = ids.today().toString();
        if (ShortIdRule.mayBeTodaySequence(q)) {
            ShortIdRule.Outcome byToday = ShortIdRule.match(q, candidates("""
                    SELECT spec_id, archived FROM spec WHERE project_id = :p AND spec_id LIKE :prefix""",
                    project, null, "prefix", ShortIdRule.todayPrefix(today, q) + "%"), today);
            if (matchedAt(byToday, Match.TODAY_SEQUENCE)) {
                return decided(q, byToday);
            }
        }
        // Active specs containing the query, non-members first, so that the limit never hides the
        // specs the substring step may name; at the limit the query is ambiguous anyway.
        List<ShortIdRule.Candidate> containing = candidates("SELECT spec_id, archived FROM spec"
                + " WHERE project_id = :p AND NOT archived AND strpos(spec_id, :q) > 0"
                + " ORDER BY driver_id IS NOT NULL, sort_key LIMIT " + SUBSTRING_LIMIT, project, q);
        ShortIdRule.Outcome bySubstring = ShortIdRule.match(q, containing, today);
        if (bySubstring instanceof ShortIdRule.NoMatch) {
            throw new NotFoundException("no spec matches " + Shown.prefix(q) + " in project " + project.name
                    + " (archived specs answer only to their full ID or random suffix)");
        }
        return decided(q, bySubstring);
    }

    private static boolean matchedAt(ShortIdRule.Outcome outcome, Match step) {
        return outcome instanceof ShortIdRule.Unique unique && unique.match() == step
                || outcome instanceof ShortIdRule.Ambiguous ambiguous && ambiguous.match() == step;
    }

    private static Resolved decided(String query, ShortIdRule.Outcome outcome) {
        if (outcome instanceof ShortIdRule.Unique unique) {
            return new Resolved(unique.id(), unique.match());
        }
        ShortIdRule.Ambiguous ambiguous = (ShortIdRule.Ambiguous) outcome;
        List<String> candidates = ambiguous.ids();
        String shown = String.join(", ", candidates.subList(0, Math.min(candidates.size(), MAX_CANDIDATES_SHOWN)));
        String more = candidates.size() > MAX_CANDIDATES_SHOWN ? ", ..." : "";
        String count = ambiguous.match() == Match.SUBSTRING && candidates.size() >= SUBSTRING_LIMIT ? "at least " + candidates.size() : "" + candidates.size();
        throw new PreconditionFailedException(Shown.prefix(query) + " is ambiguous: it matches " + count
                + " specs (" + shown + more + "); give more of the ID");
    }

    @SuppressWarnings("unchecked")
    private static List<ShortIdRule.Candidate> candidates(String sql, Project project, String q,
            String... namedValues) {
        var query = Panache.getEntityManager().createNativeQuery(sql).setParameter("p", project.id);
        if (q != null) {
            query.setParameter("q", q);
        }
        for (int i = 0; i < namedValues.length; i += 2) {
            query.setParameter(namedValues[i], namedValues[i + 1]);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new ShortIdRule.Candidate((String) row[0], Boolean.TRUE.equals(row[1])))
                .toList();
    }
}
