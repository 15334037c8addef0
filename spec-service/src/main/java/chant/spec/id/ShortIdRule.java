package chant.spec.id;

import chant.spec.id.ShortIdResolver.Match;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for what a short ID names, in chant's order, over a set of candidate IDs:
 *
 * <ol>
 *   <li>the exact ID (archived or not);</li>
 *   <li>a random suffix ({@code x7m}, {@code x7m.2} for a member): IDs whose generated random
 *       suffix is the query's and that end with the query (archived or not);</li>
 *   <li>a sequence of today ({@code 008}), only when a day is given: active non-member IDs that
 *       start with {@code <today>-<query>-};</li>
 *   <li>a substring ({@code 22-001}): active IDs that contain it; members only when the query has a
 *       dot, so that {@code 22-001} names the driver, not the driver and all its members.</li>
 * </ol>
 *
 * The first step that matches anything decides: one ID is the answer, several are ambiguous.
 * {@link ShortIdResolver} applies the rule to the stored specs its queries narrow down to; the
 * importer to the stored and the imported IDs, with no day (a file has no "today").
 */
public final class ShortIdRule {

    private static final Pattern SUFFIX = Pattern.compile("([0-9a-z]{3})((?:\\.\\d+)*)");

    /** An ID the query may name, and whether its spec is archived. */
    public record Candidate(String id, boolean archived) {
    }

    /** What the query names: exactly one ID, several, or none. */
    public sealed interface Outcome permits Unique, Ambiguous, NoMatch {
    }

    public record Unique(String id, Match match) implements Outcome {
    }

    /** Several IDs match at the first step that matches anything; {@code ids} in ID order. */
    public record Ambiguous(List<String> ids, Match match) implements Outcome {
    }

    public record NoMatch() implements Outcome {
    }

    private ShortIdRule() {
    }

    /**
     * What {@code query} names among {@code candidates}.
     *
     * @param today the UTC date ({@code YYYY-MM-DD}) for the sequence step, or null to skip it
     */
    public static Outcome match(String query, Collection<Candidate> candidates, String today) {
        List<Candidate> exact = matching(candidates, c -> c.id().equals(query));
        if (!exact.isEmpty()) {
            return new Unique(exact.get(0).id(), Match.EXACT);
        }
        Matcher suffix = SUFFIX.matcher(query);
        if (suffix.matches()) {
            String random = suffix.group(1);
            List<Candidate> bySuffix = matching(candidates, c -> c.id().endsWith(query)
                    && SpecId.of(c.id()).randomSuffix().filter(random::equals).isPresent());
            if (!bySuffix.isEmpty()) {
                return outcome(bySuffix, Match.RANDOM_SUFFIX);
            }
            if (today != null && suffix.group(2).isEmpty()) {
                String prefix = todayPrefix(today, query);
                List<Candidate> byToday = matching(candidates, c -> !c.archived()
                        && !SpecId.of(c.id()).isMember() && c.id().startsWith(prefix));
                if (!byToday.isEmpty()) {
                    return outcome(byToday, Match.TODAY_SEQUENCE);
                }
            }
        }
        boolean membersToo = query.contains(".");
        List<Candidate> bySubstring = matching(candidates, c -> !c.archived() && c.id().contains(query)
                && (membersToo || !SpecId.of(c.id()).isMember()));
        return bySubstring.isEmpty() ? new NoMatch() : outcome(bySubstring, Match.SUBSTRING);
    }

    /** The random suffix a query gives for step 2, if it has that form ({@code x7m} of {@code x7m.2}). */
    public static Optional<String> randomSuffixOf(String query) {
        Matcher suffix = SUFFIX.matcher(query);
        return suffix.matches() ? Optional.of(suffix.group(1)) : Optional.empty();
    }

    /** Whether a query can name a sequence of today (step 3): a suffix-shaped query without members. */
    public static boolean mayBeTodaySequence(String query) {
        Matcher suffix = SUFFIX.matcher(query);
        return suffix.matches() && suffix.group(2).isEmpty();
    }

    /** The start of the IDs a sequence of today names: {@code <today>-<query>-}. */
    public static String todayPrefix(String today, String query) {
        return today + "-" + query + "-";
    }

    private static List<Candidate> matching(Collection<Candidate> candidates, Predicate<Candidate> rule) {
        return candidates.stream().filter(rule)
                .sorted(Comparator.comparing((Candidate c) -> SpecId.of(c.id()).sortKey()))
                .distinct()
                .toList();
    }

    private static Outcome outcome(List<Candidate> matches, Match match) {
        List<String> ids = matches.stream().map(Candidate::id).distinct().toList();
        return ids.size() == 1 ? new Unique(ids.get(0), match) : new Ambiguous(ids, match);
    }
}
