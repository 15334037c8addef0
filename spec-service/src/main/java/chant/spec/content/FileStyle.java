package chant.spec.content;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a spec file spelled values that YAML lets a file spell several ways, where the spelling is
 * not the one the platform writes by itself: a scalar's quoting (an all-digit short SHA written
 * {@code 1234567}, an int, stays unquoted; a timestamp written {@code '2026-02-02T14:32:32Z'} stays
 * quoted), and lists written empty ({@code depends_on: []}). Kept so that export writes such a file
 * back as it was written. Scalars are named by their top-level field ({@code approval.by} for the
 * interpreted approval keys) and their text, so a value keeps its spelling wherever it moves in a
 * list.
 *
 * @param scalars per field, the texts written in another style than the platform's own
 * @param emptyLists the list fields the file wrote as empty lists
 */
public record FileStyle(Map<String, Map<String, Quoting>> scalars, Set<String> emptyLists) {

    /** No spelling to remember: the platform's own. */
    public static final FileStyle NONE = new FileStyle(Map.of(), Set.of());

    /** How a scalar was written. */
    public enum Quoting {
        /** Unquoted, also where that makes YAML read it as a number, boolean or other type. */
        PLAIN,
        SINGLE_QUOTED,
        DOUBLE_QUOTED,
        /** {@code |} block. */
        LITERAL,
        /** {@code >} block. */
        FOLDED
    }

    public FileStyle {
        Map<String, Map<String, Quoting>> copy = new LinkedHashMap<>();
        (scalars == null ? Map.<String, Map<String, Quoting>>of() : scalars).forEach((field, texts) -> {
            if (!texts.isEmpty()) {
                copy.put(field, Collections.unmodifiableMap(new LinkedHashMap<>(texts)));
            }
        });
        scalars = Collections.unmodifiableMap(copy);
        emptyLists = emptyLists == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(emptyLists));
    }

    /** How {@code text} was written in {@code field}, if not in the platform's own style. */
    public Optional<Quoting> of(String field, String text) {
        return Optional.ofNullable(scalars.getOrDefault(field, Map.of()).get(text));
    }

    public boolean isNone() {
        return scalars.isEmpty() && emptyLists.isEmpty();
    }

    /** Collects a file's spellings while it is read. */
    public static final class Builder {
        private final Map<String, Map<String, Quoting>> scalars = new LinkedHashMap<>();
        private final Set<String> emptyLists = new LinkedHashSet<>();

        /** Remembers the first spelling of a text in a field. */
        public Builder scalar(String field, String text, Quoting quoting) {
            scalars.computeIfAbsent(field, f -> new LinkedHashMap<>()).putIfAbsent(text, quoting);
            return this;
        }

        public Builder emptyList(String field) {
            emptyLists.add(field);
            return this;
        }

        public FileStyle build() {
            return scalars.isEmpty() && emptyLists.isEmpty() ? NONE : new FileStyle(scalars, emptyLists);
        }
    }
}
