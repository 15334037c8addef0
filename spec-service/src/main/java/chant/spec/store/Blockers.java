package chant.spec.store;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Asks the database's one readiness rule (the {@code spec_blockers} function of migration V2)
 * what keeps specs waiting. Every path that shows or checks readiness comes here.
 */
@ApplicationScoped
public class Blockers {

    /**
     * SQL: whether spec {@code s} waits for something. The cheap test in front answers most specs
     * (no depends_on, not a member, no approval required) without calling {@code spec_waits},
     * which the planner cannot inline and which would otherwise run once per row.
     */
    public static final String WAITS = "((cardinality(s.depends_on) > 0 OR s.driver_id IS NOT NULL"
            + " OR COALESCE(s.approval_required, FALSE)) AND spec_waits(s))";

    /** Everything {@code spec} waits for; empty when nothing does. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Blocker> of(Spec spec) {
        Panache.getEntityManager().flush();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT b.kind, b.blocker_id, b.blocker_status FROM spec s, spec_blockers(s) b
                WHERE s.pk = :pk ORDER BY b.kind, b.blocker_id""")
                .setParameter("pk", spec.pk)
                .getResultList();
        return rows.stream()
                .map(r -> Blocker.of(Blocker.Kind.valueOf((String) r[0]), (String) r[1], (String) r[2]))
                .toList();
    }

    /** A spec, whether it is ready to work, and what it waits for. */
    public record Report(String specId, boolean ready, List<Blocker> blockers) {
    }

    /**
     * The readiness of the spec with exactly this ID in the named project: one query (project,
     * spec and blockers joined). Empty when the project or the ID does not match exactly.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<Report> report(String projectName, String specId) {
        Panache.getEntityManager().flush();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT s.spec_id, s.status, s.archived, b.kind, b.blocker_id, b.blocker_status
                FROM spec s JOIN project p ON p.id = s.project_id
                LEFT JOIN LATERAL spec_blockers(s) b ON TRUE
                WHERE p.name = :project AND s.spec_id = :id
                ORDER BY b.kind, b.blocker_id""")
                .setParameter("project", projectName)
                .setParameter("id", specId)
                .getResultList();
        if (rows.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<Blocker> found = rows.stream().filter(r -> r[3] != null)
                .map(r -> Blocker.of(Blocker.Kind.valueOf((String) r[3]), (String) r[4], (String) r[5]))
                .toList();
        Object[] spec = rows.get(0);
        String status = (String) spec[1];
        boolean workable = ("PENDING".equals(status) || "FAILED".equals(status)) && !((Boolean) spec[2]);
        return java.util.Optional.of(new Report((String) spec[0], workable && found.isEmpty(), found));
    }

    /** The spec with its effective status, from the readiness rule. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SpecView view(Spec spec) {
        return views(List.of(spec)).get(0);
    }

    /** The specs, in their order, with their effective statuses: one query for all of them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<SpecView> views(List<Spec> specs) {
        if (specs.isEmpty()) {
            return List.of();
        }
        Panache.getEntityManager().flush();
        @SuppressWarnings("unchecked")
        List<Number> waiting = Panache.getEntityManager().createNativeQuery(
                        "SELECT s.pk FROM spec s WHERE s.pk IN (:pks) AND " + WAITS)
                .setParameter("pks", specs.stream().map(s -> s.pk).toList())
                .getResultList();
        Set<Long> pks = new HashSet<>();
        waiting.forEach(n -> pks.add(n.longValue()));
        return specs.stream().map(s -> SpecView.of(s, pks.contains(s.pk))).toList();
    }
}
