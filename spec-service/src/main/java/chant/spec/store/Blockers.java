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
