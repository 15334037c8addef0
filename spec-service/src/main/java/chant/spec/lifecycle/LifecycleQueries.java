package chant.spec.lifecycle;

import chant.spec.access.Access;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.spec.graph.DependencyCycles;
import chant.spec.graph.DependencyGraph;
import chant.spec.lint.LintInput;
import chant.spec.lint.SpecLint;
import chant.spec.id.ShortIdResolver;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.content.Problem;
import chant.spec.store.Blockers;
import chant.spec.store.Spec;
import chant.spec.store.SpecView;
import chant.spec.store.SpecFilter;
import chant.spec.store.SpecFinder;
import chant.spec.store.SpecPage;
import chant.spec.store.SpecReads;
import chant.spec.store.SpecSearch;
import chant.support.failure.NotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Read-only questions about specs' lives: what is ready, what blocks, in which order, what lint finds. */
@ApplicationScoped
public class LifecycleQueries {

    static final int SUMMARY_LIST_SIZE = 50;

    @Inject
    Access access;

    @Inject
    Projects projects;

    @Inject
    SpecFinder finder;

    @Inject
    SpecSearch search;

    @Inject
    Blockers blockers;

    @Inject
    SpecReads reads;

    @Inject
    DependencyCycles cycles;

    /** Counts per effective status, and the first ready and blocked specs. */
    public record Summary(Map<SpecStatus, Long> counts, SpecPage ready, SpecPage blocked) {
    }

    /** A spec's findings. */
    public record Findings(String specId, List<Problem> problems) {
    }

    /** A page of the ready specs: plain queries outside any transaction. */
    public SpecPage ready(String projectName, List<SpecType> types, List<String> labels, String withinDriver, int pageSize,
            String token, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        return search.readyPage(reads.project(projectName), types, labels, withinDriver, pageSize, token, false);
    }

    /** What keeps a spec waiting: by full ID one plain query outside any transaction. */
    public Blockers.Report blockers(String projectName, String idQuery, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        ShortIdResolver.requireQuery(idQuery);
        return reads.report(projectName, idQuery).orElseGet(() -> {
            String fullId = QuarkusTransaction.joiningExisting()
                    .call(() -> finder.read(projects.require(projectName), idQuery).specId);
            return reads.report(projectName, fullId).orElseThrow(
                    () -> new NotFoundException("spec " + fullId + " was deleted while it was read; it is not in project "
                            + projectName));
        });
    }

    /** The given specs (all active ones when none are given), dependencies first, drivers after members. */
    @Transactional
    public List<String> topologicalOrder(String projectName, List<String> idQueries, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        Project project = projects.require(projectName);
        List<String> ids = idQueries.isEmpty()
                ? activeIds(project)
                : idQueries.stream().map(q -> finder.read(project, q).specId).distinct().toList();
        return new DependencyGraph(cycles.reachableFrom(project, ids)).topologicalOrder(ids);
    }

    /** The specs carrying {@code label} (every active spec when blank) and all they depend on, in topological order. */
    @Transactional
    public List<SpecView> graph(String projectName, String label, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        Project project = projects.require(projectName);
        List<String> roots = label == null || label.isBlank() ? activeIds(project) : idsWithLabel(project, label);
        Map<String, List<String>> reachable = cycles.reachableFrom(project, roots);
        List<String> order = new DependencyGraph(reachable).topologicalOrder(reachable.keySet());
        Map<String, SpecView> byId = blockers.views(load(project, order)).stream()
                .collect(Collectors.toMap(v -> v.spec().specId, Function.identity()));
        return order.stream().filter(byId::containsKey).map(byId::get).toList();
    }

    @Transactional
    public Summary summary(String projectName, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        Project project = projects.require(projectName);
        return new Summary(search.countByStatus(project),
                search.readyPage(project, List.of(), List.of(), null, SUMMARY_LIST_SIZE, null, true),
                search.page(project, new SpecFilter(List.of(SpecStatus.BLOCKED), List.of(), List.of(), null, null),
                        SUMMARY_LIST_SIZE, null));
    }

    /** Lint findings of one spec, or of every active spec; only specs with findings are returned. */
    @Transactional
    public List<Findings> validate(String projectName, String idQuery, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        Project project = projects.require(projectName);
        Set<String> known = new HashSet<>(allIds(project));
        List<Spec> specs = idQuery == null || idQuery.isBlank()
                ? Spec.list("project = ?1 and archived = false order by sortKey", project)
                : List.of(finder.read(project, idQuery));
        List<Findings> findings = new ArrayList<>();
        for (Spec spec : specs) {
            List<Problem> problems = SpecLint.lint(new LintInput(spec.specId, spec.content(), known));
            if (!problems.isEmpty()) {
                findings.add(new Findings(spec.specId, problems));
            }
        }
        return findings;
    }

    /** How many specs {@link #validate} checks for the same arguments. */
    @Transactional
    public int checkedCount(String projectName, String idQuery) {
        if (idQuery != null && !idQuery.isBlank()) {
            return 1;
        }
        return (int) Spec.count("project = ?1 and archived = false", projects.require(projectName));
    }

    private static List<Spec> load(Project project, List<String> ids) {
        List<Spec> specs = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            specs.addAll(Spec.list("project = ?1 and specId in ?2", project, ids.subList(from, Math.min(ids.size(), from + 1000))));
        }
        return specs;
    }

    @SuppressWarnings("unchecked")
    private static List<String> activeIds(Project project) {
        return Panache.getEntityManager().createNativeQuery(
                        "SELECT spec_id FROM spec WHERE project_id = :p AND NOT archived ORDER BY sort_key")
                .setParameter("p", project.id).getResultList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> allIds(Project project) {
        return Panache.getEntityManager().createNativeQuery("SELECT spec_id FROM spec WHERE project_id = :p")
                .setParameter("p", project.id).getResultList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> idsWithLabel(Project project, String label) {
        return Panache.getEntityManager().createNativeQuery("""
                SELECT spec_id FROM spec WHERE project_id = :p AND NOT archived
                AND labels @> ARRAY[CAST(:label AS text)] ORDER BY sort_key""")
                .setParameter("p", project.id).setParameter("label", label).getResultList();
    }

}
