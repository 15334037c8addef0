package chant.cli.spec;

import java.util.List;
import java.util.Objects;

/** Helpers for option values. */
public final class Values {

    private Values() {
    }

    /**
     * The values of a repeatable option (already split at commas by picocli), trimmed, without
     * empty ones; an option that was not given is an empty list.
     */
    public static List<String> clean(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(Objects::nonNull).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }
}
