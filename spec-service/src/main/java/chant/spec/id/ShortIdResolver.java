package chant.spec.id;

import chant.support.failure.NotFoundException;
import chant.support.failure.PreconditionFailedException;
import chant.spec.project.Project;
import chant.support.text.Shown;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Resolves what a person types to a full spec ID, in chant's order: the exact ID; a unique
 * random suffix ({@code x7m}, {@code x7m.2}); a sequence of today ({@code 008}); a unique
 * substring ({@code 22-001}). Archived specs answer only to their exact ID or suffix.
 */
@ApplicationScoped
public class ShortIdResolver {

    /** How a query matched. */
    public enum Match { EXACT, RANDOM_SUFFIX, TODAY_SEQUENCE, SUBSTRING }

    public record Resolved(String id, Match match) {
    }

    private static final Pattern SUFFIX = Pattern.compile("([0-9a-z]{3})((?:\\.\\d+)*)");
    private static final int MAX_CANDIDATES_SHOWN = 10;

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
        List<String> exact = ids("SELECT spec_id FROM spec WHERE project_id = :p AND spec_id = :q", project, q);
        if (!exact.isEmpty()) {
            return new Resolved(exact.get(0), Match.EXACT);
        }
        var suffix = SUFFIX.matcher(q);
        if (suffix.matches()) {
            List<String> bySuffix = ids("""
                    SELECT spec_id FROM spec WHERE project_id = :p AND random_suffix = :s
                    AND spec_id LIKE :pattern ORDER BY sort_key""", project, null,
                    "s", suffix.group(1), "pattern", "%" + q);
            if (!bySuffix.isEmpty()) {
                return unique(q, bySuffix, Match.RANDOM_SUFFIX);
            }
            if (suffix.group(2).isEmpty()) {
                List<String> today = ids("""
                        SELECT spec_id FROM spec WHERE project_id = :p AND NOT archived
                        AND spec_id LIKE :prefix AND driver_id IS NULL ORDER BY sort_key""", project, null,
                        "prefix", ids.today() + "-" + q + "-%");
                if (!today.isEmpty()) {
                    return unique(q, today, Match.TODAY_SEQUENCE);
                }
            }
        }
        // Members match a substring only when the query names a member (contains a dot),
        // so that "22-001" means the driver, not the driver and all its members.
        String memberClause = q.contains(".") ? "" : " AND driver_id IS NULL";
        List<String> bySubstring = ids("SELECT spec_id FROM spec WHERE project_id = :p AND NOT archived"
                + " AND strpos(spec_id, :q) > 0" + memberClause + " ORDER BY sort_key LIMIT 50", project, q);
        if (bySubstring.isEmpty()) {
            throw new NotFoundException("no spec matches " + Shown.prefix(q) + " in project " + project.name
                    + " (archived specs answer only to their full ID or random suffix)");
        }
        return unique(q, bySubstring, Match.SUBSTRING);
    }

    private static Resolved unique(String query, List<String> candidates, Match match) {
        if (candidates.size() == 1) {
            return new Resolved(candidates.get(0), match);
        }
        String shown = String.join(", ", candidates.subList(0, Math.min(candidates.size(), MAX_CANDIDATES_SHOWN)));
        String more = candidates.size() > MAX_CANDIDATES_SHOWN ? ", ..." : "";
        throw new PreconditionFailedException(Shown.prefix(query) + " is ambiguous: it matches " + candidates.size()
                + " specs (" + shown + more + "); give more of the ID");
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(String sql, Project project, String q, String... namedValues) {
        var query = Panache.getEntityManager().createNativeQuery(sql).setParameter("p", project.id);
        if (q != null) {
            query.setParameter("q", q);
        }
        for (int i = 0; i < namedValues.length; i += 2) {
            query.setParameter(namedValues[i], namedValues[i + 1]);
        }
        return (List<String>) query.getResultList();
    }
}
