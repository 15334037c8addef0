package chant.spec.store;

import chant.support.failure.NotFoundException;
import chant.spec.id.ShortIdResolver;
import chant.spec.project.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
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
