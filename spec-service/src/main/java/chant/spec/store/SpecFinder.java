package chant.spec.store;

import chant.support.failure.NotFoundException;
import chant.spec.id.ShortIdResolver;
import chant.spec.project.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

/**
 * Finds a project's spec by full or short ID, optionally locking its row until the transaction
 * ends ({@code SELECT ... FOR UPDATE}): every read-modify-write of a spec goes through
 * {@link #lock}.
 */
@ApplicationScoped
public class SpecFinder {

    @Inject
    ShortIdResolver resolver;

    /**
     * The spec with exactly this ID in the named project, with its effective status: one query
     * (the project, the spec and the readiness rule joined), for the common case of a full ID.
     * Empty when the project or the ID does not match exactly; resolve short IDs with {@link #read}.
     */
    public Optional<SpecView> viewByExactId(String projectName, String specId) {
        List<Object[]> rows = Panache.getEntityManager().createQuery("""
                        select s, function('spec_waits_by_pk', s.pk) from Spec s join fetch s.project p
                        where p.name = :project and s.specId = :id""", Object[].class)
                .setParameter("project", projectName)
                .setParameter("id", specId)
                .getResultList();
        return rows.stream().findFirst().map(row -> SpecView.of((Spec) row[0], Boolean.TRUE.equals(row[1])));
    }

    public Spec read(Project project, String idQuery) {
        return byFullId(project, resolver.resolve(project, idQuery).id(), LockModeType.NONE);
    }

    public Spec lock(Project project, String idQuery) {
        return byFullId(project, resolver.resolve(project, idQuery).id(), LockModeType.PESSIMISTIC_WRITE);
    }

    public Spec lockFullId(Project project, String fullId) {
        return byFullId(project, fullId, LockModeType.PESSIMISTIC_WRITE);
    }

    private static Spec byFullId(Project project, String fullId, LockModeType lock) {
        return Spec.<Spec>find("project = ?1 and specId = ?2", project, fullId)
                .withLock(lock).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("spec " + fullId + " not found in project " + project.name));
    }
}
