package chant.agent.cleanup;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a kept checkout's directory name reads: {@code chant-<project>-<spec id>-<yyyyMMdd-HHmmss-SSS>},
 * with {@code -<n>} after the time when two were kept in one millisecond. Project names and spec IDs
 * both hold dashes, so the split between them is found with the spec IDs the checkout holds (its spec
 * file) or that a run recorded.
 */
final class CheckoutNames {

    /** Names a client may give: one plain directory name, no dot files, no separators. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,300}");

    private static final Pattern KEPT = Pattern.compile("chant-(.+)-(\\d{8}-\\d{6}-\\d{3})(?:-\\d+)?");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private CheckoutNames() {
    }

    /** Whether {@code id} may name a directory directly under {@code kept/}. */
    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("..");
    }

    /** When the checkout was kept, from its name. */
    static Optional<Instant> keptAt(String name) {
        Matcher m = KEPT.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(2), TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Project and spec of the name, given the spec IDs it may be of; empty when none fits. */
    static Optional<String[]> projectAndSpec(String name, Collection<String> specIds) {
        Matcher m = KEPT.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        String rest = m.group(1);
        return specIds.stream().filter(id -> rest.endsWith("-" + id) && rest.length() > id.length() + 1)
                .max(java.util.Comparator.comparingInt(String::length))
                .map(id -> new String[] {rest.substring(0, rest.length() - id.length() - 1), id});
    }
}
