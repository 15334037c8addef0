package chant.spec.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Finding a cycle in a directed graph with an iterative depth-first search (no deep recursion). */
final class Cycles {

    private Cycles() {
    }

    /**
     * The first cycle found searching from each start in turn, following {@code successors} in the
     * order given, as a path that starts and ends at the same node.
     */
    static Optional<List<String>> find(List<String> starts, Function<String, List<String>> successors) {
        Set<String> finished = new HashSet<>();
        for (String start : starts) {
            if (!finished.contains(start)) {
                Optional<List<String>> cycle = searchFrom(start, successors, finished);
                if (cycle.isPresent()) {
                    return cycle;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> searchFrom(String start, Function<String, List<String>> successors,
            Set<String> finished) {
        List<String> path = new ArrayList<>();
        Map<String, Integer> positionOnPath = new HashMap<>();
        Deque<Iterator<String>> pending = new ArrayDeque<>();
        enter(start, path, positionOnPath, pending, successors);
        while (!pending.isEmpty()) {
            Iterator<String> next = pending.peek();
            if (!next.hasNext()) {
                pending.pop();
                String done = path.remove(path.size() - 1);
                positionOnPath.remove(done);
                finished.add(done);
                continue;
            }
            String node = next.next();
            Integer position = positionOnPath.get(node);
            if (position != null) {
                List<String> cycle = new ArrayList<>(path.subList(position, path.size()));
                cycle.add(node);
                return Optional.of(cycle);
            }
            if (!finished.contains(node)) {
                enter(node, path, positionOnPath, pending, successors);
            }
        }
        return Optional.empty();
    }

    private static void enter(String node, List<String> path, Map<String, Integer> positionOnPath,
            Deque<Iterator<String>> pending, Function<String, List<String>> successors) {
        positionOnPath.put(node, path.size());
        path.add(node);
        pending.push(successors.apply(node).iterator());
    }
}
