package chant.spec.graph;

import chant.spec.id.SpecId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Orders a set of spec IDs so that each comes after the IDs of the set it must follow: those it
 * depends on, directly or through IDs outside the set, and its own members (a group member comes
 * before its driver and every further ancestor). A member's {@code depends_on} entry naming its own
 * driver or an ancestor is ignored, as readiness ignores it. Kahn's algorithm; among IDs free to go,
 * the smallest by {@link IdOrder} goes first.
 */
final class TopologicalOrder {

    private final Set<String> ids;
    private final Function<String, List<String>> dependsOn;
    private final IdOrder order = new IdOrder();
    private final Map<String, List<String>> membersInSet = new HashMap<>();
    /** For each ID of the set: the IDs of the set it must follow, each with the path leading to it. */
    private final Map<String, Map<String, List<String>>> prerequisites = new HashMap<>();

    private TopologicalOrder(Collection<String> ids, Function<String, List<String>> dependsOn) {
        this.ids = new LinkedHashSet<>(ids);
        this.dependsOn = dependsOn;
    }

    /** @throws CycleException when the constraints of the set go round in a circle */
    static List<String> of(Collection<String> ids, Function<String, List<String>> dependsOn) {
        TopologicalOrder sort = new TopologicalOrder(ids, dependsOn);
        sort.collectMembers();
        sort.ids.forEach(id -> sort.prerequisites.put(id, sort.prerequisitesOf(id)));
        return sort.kahn();
    }

    private void collectMembers() {
        for (String id : ids) {
            for (String ancestor : ancestors(id)) {
                if (ids.contains(ancestor)) {
                    membersInSet.computeIfAbsent(ancestor, a -> new ArrayList<>()).add(id);
                }
            }
        }
    }

    /** What {@code id} must come after, directly: its dependencies other than its ancestors, and its members. */
    private List<String> mustFollow(String id) {
        Set<String> ancestors = ancestors(id);
        List<String> follows = new ArrayList<>();
        dependsOn.apply(id).stream().filter(d -> !ancestors.contains(d)).forEach(follows::add);
        follows.addAll(membersInSet.getOrDefault(id, List.of()));
        return follows;
    }

    /** Breadth-first from {@code id}, not going past IDs of the set. */
    private Map<String, List<String>> prerequisitesOf(String id) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(id));
        Set<String> seen = new HashSet<>(Set.of(id));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String next : mustFollow(node)) {
                if (ids.contains(next)) {
                    found.putIfAbsent(next, pathTo(node, parent, next));
                } else if (seen.add(next)) {
                    parent.put(next, node);
                    queue.add(next);
                }
            }
        }
        return found;
    }

    private static List<String> pathTo(String node, Map<String, String> parent, String last) {
        List<String> path = new ArrayList<>(List.of(last));
        for (String at = node; at != null; at = parent.get(at)) {
            path.add(0, at);
        }
        return path;
    }

    private List<String> kahn() {
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<String>> followers = new HashMap<>();
        prerequisites.forEach((id, before) -> {
            waitingOn.put(id, before.size());
            before.keySet().forEach(b -> followers.computeIfAbsent(b, x -> new ArrayList<>()).add(id));
        });
        PriorityQueue<String> free = new PriorityQueue<>(order);
        waitingOn.forEach((id, count) -> {
            if (count == 0) {
                free.add(id);
            }
        });
        List<String> sorted = new ArrayList<>(ids.size());
        while (!free.isEmpty()) {
            String id = free.poll();
            sorted.add(id);
            for (String follower : followers.getOrDefault(id, List.of())) {
                if (waitingOn.merge(follower, -1, Integer::sum) == 0) {
                    free.add(follower);
                }
            }
        }
        if (sorted.size() < ids.size()) {
            throw new CycleException(cycleAmong(waitingOn.keySet().stream().filter(id -> waitingOn.get(id) > 0).toList()));
        }
        return sorted;
    }

    private List<String> cycleAmong(List<String> stuck) {
        Set<String> stuckSet = Set.copyOf(stuck);
        List<String> condensed = Cycles.find(order.sorted(stuck), id -> order.sorted(
                prerequisites.get(id).keySet().stream().filter(stuckSet::contains).toList()))
                .orElseThrow(() -> new IllegalStateException("Kahn's algorithm stopped without a cycle"));
        List<String> full = new ArrayList<>(List.of(condensed.get(0)));
        for (int i = 1; i < condensed.size(); i++) {
            List<String> step = prerequisites.get(condensed.get(i - 1)).get(condensed.get(i));
            full.addAll(step.subList(1, step.size()));
        }
        return full;
    }

    private static Set<String> ancestors(String id) {
        return SpecId.of(id).ancestors().stream().map(SpecId::value).collect(Collectors.toSet());
    }
}
