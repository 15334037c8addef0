package chant.spec.id;

import chant.spec.project.Project;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Hands out spec IDs. The day's sequence is one atomic upsert on {@code id_sequence}, so
 * concurrent creates in any number of processes never get the same number, and numbers only
 * grow: archived and deleted specs keep their IDs reserved.
 */
@ApplicationScoped
public class IdAllocator {

    private static final int SUFFIX_ATTEMPTS = 8;

    @Inject
    Clock clock;

    /** Today's date in UTC, the date part of new IDs. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** A new, unused ID for the project, allocated in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public SpecId next(Project project) {
        LocalDate day = today();
        // The suffix first: the upsert below locks the day's row until the transaction ends, so
        // everything after it makes concurrent creates of the project wait.
        String suffix = freshSuffix(project);
        int sequence = ((Number) Panache.getEntityManager().createNativeQuery("""
                INSERT INTO id_sequence (project_id, day, last_value) VALUES (:project, :day, 1)
                ON CONFLICT (project_id, day) DO UPDATE SET last_value = id_sequence.last_value + 1
                RETURNING last_value""")
                .setParameter("project", project.id)
                .setParameter("day", day)
                .getSingleResult()).intValue();
        if (sequence > Base36.MAX_3) {
            throw new IllegalStateException("project " + project.name + " has used all "
                    + Base36.MAX_3 + " spec IDs of " + day);
        }
        return SpecId.generated(day.toString(), sequence, suffix);
    }

    /**
     * Records that an imported ID of the generated form used its day's sequence, so that later
     * creates continue after it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reserve(Project project, SpecId id) {
        String base = id.value().split("\\.")[0];
        if (id.randomSuffix().isEmpty()) {
            return;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(base.substring(0, 10));
        } catch (java.time.format.DateTimeParseException e) {
            return;
        }
        int sequence = Base36.parse(base.substring(11, 14));
        Panache.getEntityManager().createNativeQuery("""
                INSERT INTO id_sequence (project_id, day, last_value) VALUES (:project, :day, :seq)
                ON CONFLICT (project_id, day)
                DO UPDATE SET last_value = GREATEST(id_sequence.last_value, EXCLUDED.last_value)""")
                .setParameter("project", project.id)
                .setParameter("day", day)
                .setParameter("seq", sequence)
                .executeUpdate();
    }

    /**
     * A random suffix no active spec of the project uses, so that the suffix alone resolves;
     * after a few collisions any suffix will do (the full ID is unique by its sequence).
     */
    private String freshSuffix(Project project) {
        String suffix = Base36.random3();
        for (int attempt = 1; attempt < SUFFIX_ATTEMPTS && suffixInUse(project, suffix); attempt++) {
            suffix = Base36.random3();
        }
        return suffix;
    }

    private boolean suffixInUse(Project project, String suffix) {
        return !Panache.getEntityManager().createNativeQuery(
                        "SELECT 1 FROM spec WHERE project_id = :project AND random_suffix = :suffix"
                                + " AND NOT archived LIMIT 1")
                .setParameter("project", project.id)
                .setParameter("suffix", suffix)
                .getResultList().isEmpty();
    }
}
