package chant.spec.audit;

import chant.spec.content.SpecStatus;
import chant.spec.store.PgArrays;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads pages of the audit trail. */
@ApplicationScoped
public class EventReader {

    /** Up to {@code limit} events after {@code query.afterSequence()}, oldest first. */
    @Transactional
    public List<SpecEvent> page(EventQuery query, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT sequence, occurred_at, actor, spec_id, kind, old_value, new_value, from_status, to_status,
                       forced, reason, labels
                FROM spec_event WHERE project_id = :project AND sequence > :after""");
        if (query.specId() != null) {
            sql.append(" AND spec_id = :spec");
        }
        if (!query.anyLabels().isEmpty()) {
            sql.append(" AND labels && CAST(:labels AS text[])");
        }
        sql.append(" ORDER BY sequence LIMIT :limit");
        Query q = Panache.getEntityManager().createNativeQuery(sql.toString())
                .setParameter("project", query.projectId())
                .setParameter("after", query.afterSequence())
                .setParameter("limit", limit);
        if (query.specId() != null) {
            q.setParameter("spec", query.specId());
        }
        if (!query.anyLabels().isEmpty()) {
            q.setParameter("labels", PgArrays.literal(query.anyLabels()));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        List<SpecEvent> events = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            events.add(new SpecEvent(((Number) r[0]).longValue(), time(r[1]), (String) r[2], query.projectName(),
                    (String) r[3], EventKind.valueOf((String) r[4]), (String) r[5], (String) r[6], status(r[7]),
                    status(r[8]), (Boolean) r[9], (String) r[10], PgArrays.toList(r[11])));
        }
        return events;
    }

    /** The project's latest sequence, where a watch that wants only new events starts. */
    @Transactional
    public long latestSequence(long projectId) {
        return ((Number) Panache.getEntityManager()
                .createNativeQuery("SELECT COALESCE(MAX(sequence), 0) FROM spec_event WHERE project_id = :p")
                .setParameter("p", projectId).getSingleResult()).longValue();
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return ((Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }

    private static SpecStatus status(Object value) {
        return value == null ? null : SpecStatus.valueOf((String) value);
    }
}
