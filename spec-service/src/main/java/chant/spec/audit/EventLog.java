package chant.spec.audit;

import chant.spec.project.Project;
import chant.spec.store.PgArrays;
import chant.spec.store.Spec;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Appends to the audit trail in the caller's transaction. Appends of one project are serialised
 * by a transaction-scoped advisory lock, so that within a project sequence order is commit order
 * and a watcher that resumes after sequence N can never miss an event committed later with a
 * smaller number.
 */
@ApplicationScoped
public class EventLog {

    /** The actor of changes the platform makes by itself. */
    public static final String PLATFORM = "chant";

    @Inject
    Event<EventAppended> appended;

    @Transactional(Transactional.TxType.MANDATORY)
    public long append(Spec spec, String actor, Change change) {
        return append(spec.project, spec.specId, spec.labels, actor, change);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long append(Project project, String specId, java.util.List<String> labels, String actor, Change change) {
        var em = Panache.getEntityManager();
        em.createNativeQuery("SELECT pg_advisory_xact_lock(:key)").setParameter("key", project.id).getSingleResult();
        long sequence = ((Number) em.createNativeQuery("""
                INSERT INTO spec_event (project_id, spec_id, actor, kind, old_value, new_value, from_status, to_status,
                                        forced, reason, labels)
                VALUES (:project, :spec, :actor, :kind, :old, :new, :from, :to, :forced, :reason,
                        CAST(:labels AS text[]))
                RETURNING sequence""")
                .setParameter("project", project.id)
                .setParameter("spec", specId)
                .setParameter("actor", actor)
                .setParameter("kind", change.kind().name())
                .setParameter("old", change.oldValue())
                .setParameter("new", change.newValue())
                .setParameter("from", change.from() == null ? null : change.from().name())
                .setParameter("to", change.to() == null ? null : change.to().name())
                .setParameter("forced", change.forced())
                .setParameter("reason", change.reason())
                .setParameter("labels", PgArrays.literal(labels))
                .getSingleResult()).longValue();
        appended.fire(new EventAppended(project.id, sequence));
        return sequence;
    }
}
