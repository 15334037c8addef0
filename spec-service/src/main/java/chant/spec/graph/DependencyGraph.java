package chant.spec.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code depends_on} relation of a project's specs, immutable and in memory: spec ID to the IDs
 * it depends on. IDs that only appear as dependencies are external leaves. Every algorithm is
 * iterative, so long chains do not exhaust the stack; neighbours are visited in {@link IdOrder}
 * so that results are deterministic.
 */
public final class DependencyGraph {

    private final Map<String, List<String>> dependsOn;
    private final Map<String, List<String>> dependents;
    private final List<String> nodes;

    /** @param dependsOn spec ID to the IDs it depends on (copied) */
    public DependencyGraph(Map<String, List<String>> dependsOn) {
        IdOrder order = new IdOrder();
        Map<String, List<String>> edges = new HashMap<>();
        Map<String, List<String>> reverse = new HashMap<>();
        Set<String> all = new HashSet<>(dependsOn.keySet());
        dependsOn.forEach((id, targets) -> {
            List<String> sorted = order.sorted(targets);
            edges.put(id, sorted);
            all.addAll(sorted);
            sorted.forEach(target -> reverse.computeIfAbsent(target, t -> new ArrayList<>()).add(id));
        });
        this.dependsOn = Collections.unmodifiableMap(edges);
        this.dependents = Collections.unmodifiableMap(reverse);
        this.nodes = order.sorted(all);
    }

    /** The IDs {@code id} depends on directly, in ID order; empty for an unknown or external ID. */
    public List<String> dependsOn(String id) {
        return dependsOn.getOrDefault(id, List.of());
    }

    /**
     * The shortest cycle that setting {@code id}'s dependencies to {@code newDependsOn} would
     * create, as a path from {@code id} back to it ({@code [a, b, c, a]}; {@code [a, a]} for a
     * self-dependency); empty when there would be none. Among cycles of one length, the one
     * through smaller IDs wins.
     */
    public Optional<List<String>> cycleThrough(String id, List<String> newDependsOn) {
        List<String> first = new IdOrder().sorted(newDependsOn);
        Map<String, String> parent = new HashMap<>();
        parent.put(id, null);
        Deque<String> queue = new ArrayDeque<>(List.of(id));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String next : node.equals(id) ? first : dependsOn(node)) {
                if (next.equals(id)) {
                    return Optional.of(pathBack(node, parent, id));
                }
                if (!parent.containsKey(next)) {
                    parent.put(next, node);
                    queue.add(next);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> pathBack(String node, Map<String, String> parent, String id) {
        List<String> path = new ArrayList<>();
        for (String at = node; at != null; at = parent.get(at)) {
            path.add(at);
        }
        Collections.reverse(path);
        path.add(id);
        return List.copyOf(path);
    }

    /**
     * A cycle of the graph, if it has one: the shortest cycle through the first spec (in ID order)
     * found on a cycle, as a path starting and ending at that spec.
     */
    public Optional<List<String>> anyCycle() {
        return Cycles.find(nodes, this::dependsOn)
                .flatMap(cycle -> cycleThrough(cycle.get(0), dependsOn(cycle.get(0))));
    }

    /**
     * The given IDs ordered so that each comes after the given IDs it depends on (directly or
     * through IDs not given) and after its own members; otherwise ascending by ID order. A
     * member's dependency on its own driver or an ancestor is ignored.
     *
     * @throws CycleException when these constraints go round in a circle
     */
    public List<String> topologicalOrder(Collection<String> ids) {
        return TopologicalOrder.of(ids, this::dependsOn);
    }

    /** Every spec that depends on {@code id}, directly or not, in ID order; never {@code id} itself. */
    public Set<String> dependentsOf(String id) {
        Set<String> found = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(id));
        while (!queue.isEmpty()) {
            for (String dependent : dependents.getOrDefault(queue.poll(), List.of())) {
                if (found.add(dependent)) {
                    queue.add(dependent);
                }
            }
        }
        found.remove(id);
        return Collections.unmodifiableSet(new LinkedHashSet<>(new IdOrder().sorted(found)));
    }
}
