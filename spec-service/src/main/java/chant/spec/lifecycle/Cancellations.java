package chant.spec.lifecycle;

import chant.spec.access.Access;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.PreconditionFailedException;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.store.Blockers;
import chant.spec.store.Spec;
import chant.spec.store.SpecFinder;
import chant.spec.content.SpecStatus;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** Cancel (alone, with its dependents, or forced) and reset, each a series of ordinary transitions. */
@ApplicationScoped
public class Cancellations {

    @Inject
    Access access;

    @Inject
    Projects projects;

    @Inject
    SpecFinder finder;

    @Inject
    Lifecycle lifecycle;

    @Inject
    Blockers blockers;

    /**
     * Cancels a spec. Open specs that depend on it (directly or not) refuse the cancel unless
     * {@code cascade} cancels them too, or {@code force} (with a reason) cancels it regardless.
     * Returns the cancelled IDs, the requested one first.
     */
    @Transactional
    public List<String> cancel(String projectName, String idQuery, boolean cascade, boolean force, String reason,
            Principal caller) {
        access.requireRole(caller, projectName, Role.MEMBER);
        String actor = caller.actor();
        if (force && (reason == null || reason.isBlank())) {
            throw new InvalidRequestException("a forced cancel needs a reason (--reason)");
        }
        Project project = projects.require(projectName);
        Spec spec = finder.lock(project, idQuery);
        List<String> dependents = openDependents(project, spec.specId);
        if (!dependents.isEmpty() && !cascade && !force) {
            throw new PreconditionFailedException("cannot cancel " + spec.specId + ": open specs depend on it ("
                    + String.join(", ", dependents) + "); cancel them too with --cascade, or use --force with a reason");
        }
        List<String> cancelled = new ArrayList<>();
        lifecycle.apply(spec, SpecStatus.CANCELLED, reason, false, actor);
        cancelled.add(spec.specId);
        if (cascade) {
            for (String dependent : dependents) {
                lifecycle.apply(finder.lockFullId(project, dependent), SpecStatus.CANCELLED,
                        "cascade from " + spec.specId + (reason == null || reason.isBlank() ? "" : ": " + reason),
                        false, actor);
                cancelled.add(dependent);
            }
        }
        return cancelled;
    }

    /**
     * Puts a spec back to pending along the transition table: failed, needs_attention, completed
     * and cancelled specs go straight back; a stuck in_progress spec fails first; a paused one is
     * cancelled first. Every step is a recorded transition.
     */
    @Transactional
    public Lifecycle.Result reset(String projectName, String idQuery, String reason, Principal caller) {
        access.requireRole(caller, projectName, Role.MEMBER);
        String actor = caller.actor();
        Project project = projects.require(projectName);
        Spec spec = finder.lock(project, idQuery);
        String why = reason == null || reason.isBlank() ? "reset" : "reset: " + reason;
        List<Transition> made = new ArrayList<>();
        switch (spec.status) {
            case PENDING, BLOCKED -> throw new PreconditionFailedException(spec.specId + " is pending already");
            case IN_PROGRESS -> made.addAll(lifecycle.apply(spec, SpecStatus.FAILED, why, false, actor));
            case PAUSED -> made.addAll(lifecycle.apply(spec, SpecStatus.CANCELLED, why, false, actor));
            default -> { }
        }
        made.addAll(lifecycle.apply(spec, SpecStatus.PENDING, why, false, actor));
        return new Lifecycle.Result(blockers.view(spec), made);
    }

    /** Specs not completed or cancelled that depend on {@code specId}, directly or through others, in ID order. */
    @SuppressWarnings("unchecked")
    private static List<String> openDependents(Project project, String specId) {
        return Panache.getEntityManager().createNativeQuery("""
                WITH RECURSIVE dependent(id) AS (
                    SELECT s.spec_id FROM spec s
                    WHERE s.project_id = :p AND s.depends_on @> ARRAY[CAST(:id AS text)]
                  UNION
                    SELECT s.spec_id FROM spec s JOIN dependent d ON s.depends_on @> ARRAY[d.id]
                    WHERE s.project_id = :p)
                SELECT s.spec_id FROM spec s JOIN dependent d ON s.spec_id = d.id
                WHERE s.project_id = :p AND s.status NOT IN ('COMPLETED', 'CANCELLED') AND NOT s.archived
                ORDER BY s.sort_key""")
                .setParameter("p", project.id)
                .setParameter("id", specId)
                .getResultList();
    }
}
