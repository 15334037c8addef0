package chant.spec.graph;

import chant.spec.store.PgArrays;
import chant.spec.project.Project;
import chant.spec.content.InvalidSpecException;
import chant.spec.content.Problem;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses depends_on values that would close a cycle. Only the part of the project's graph
 * reachable from the new dependencies is loaded, a level at a time, then {@link DependencyGraph}
 * finds the cycle to name.
 */
@ApplicationScoped
public class DependencyCycles {

    @Transactional(Transactional.TxType.MANDATORY)
    public void requireNone(Project project, String specId, List<String> newDependsOn) {
        Map<String, List<String>> reachable = reachableFrom(project, newDependsOn);
        reachable.remove(specId);
        new DependencyGraph(reachable).cycleThrough(specId, newDependsOn).ifPresent(cycle -> {
            throw new InvalidSpecException(List.of(Problem.error("depends_on", String.join(", ", newDependsOn),
                    "dependency cycle: " + String.join(" -> ", cycle) + "; remove one of these dependencies")));
        });
    }

    /** depends_on of every spec reachable from {@code start}, following depends_on. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, List<String>> reachableFrom(Project project, Collection<String> start) {
        Map<String, List<String>> graph = new HashMap<>();
        List<String> frontier = new ArrayList<>(start);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (Map.Entry<String, List<String>> node : load(project, frontier).entrySet()) {
                if (graph.putIfAbsent(node.getKey(), node.getValue()) == null) {
                    node.getValue().stream().filter(d -> !graph.containsKey(d)).forEach(next::add);
                }
            }
            frontier = next.stream().distinct().toList();
        }
        return graph;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> load(Project project, List<String> ids) {
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(
                        "SELECT spec_id, depends_on FROM spec WHERE project_id = :p AND spec_id = ANY(CAST(:ids AS text[]))")
                .setParameter("p", project.id)
                .setParameter("ids", PgArrays.literal(ids))
                .getResultList();
        Map<String, List<String>> nodes = new HashMap<>();
        for (Object[] r : rows) {
            nodes.put((String) r[0], PgArrays.toList(r[1]));
        }
        return nodes;
    }
}
