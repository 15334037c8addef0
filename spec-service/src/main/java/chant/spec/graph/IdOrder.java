package chant.spec.graph;

import chant.spec.id.SpecId;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order people expect of spec IDs: by {@link SpecId#sortKey()} ({@code .2} before {@code .10}),
 * then by the ID itself. Caches the keys it computes, so one instance serves one computation.
 */
final class IdOrder implements Comparator<String> {

    private final Map<String, String> keys = new HashMap<>();

    @Override
    public int compare(String a, String b) {
        int byKey = key(a).compareTo(key(b));
        return byKey != 0 ? byKey : a.compareTo(b);
    }

    /** The distinct IDs in this order. */
    List<String> sorted(Collection<String> ids) {
        return ids.stream().distinct().sorted(this).toList();
    }

    private String key(String id) {
        return keys.computeIfAbsent(id, value -> SpecId.of(value).sortKey());
    }
}
