package chant.spec.store;

import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL array literals for native queries: {@code {"a","b"}} with quotes and backslashes escaped. */
public final class PgArrays {

    private PgArrays() {
    }

    /** A text[] column value as read by a native query. */
    public static List<String> toList(Object array) {
        if (array instanceof String[] values) {
            return List.of(values);
        }
        if (array instanceof java.sql.Array sqlArray) {
            try {
                return List.of((String[]) sqlArray.getArray());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not read a text[] column", e);
            }
        }
        return List.of();
    }

    public static String literal(List<String> values) {
        return values.stream()
                .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
