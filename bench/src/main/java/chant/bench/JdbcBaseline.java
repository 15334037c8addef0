package chant.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The raw baseline of create and get: the rows spec-service writes and reads, with plain JDBC on
 * the same database and no layer in between. Specs go into a project row of their own (inserted
 * here, not through the service) so that they never mix with the service's.
 */
final class JdbcBaseline {

    /** The per-day ID sequence, exactly as spec-service allocates it. */
    /** Whether spec s waits, written as spec-service writes it (chant.spec.store.Blockers.WAITS). */
    static final String WAITS = "((cardinality(s.depends_on) > 0 OR s.driver_id IS NOT NULL"
            + " OR COALESCE(s.approval_required, FALSE)) AND spec.spec_waits(s))";

    static final String NEXT_SEQUENCE = """
            INSERT INTO spec.id_sequence (project_id, day, last_value) VALUES (?, ?, 1)
            ON CONFLICT (project_id, day) DO UPDATE SET last_value = id_sequence.last_value + 1
            RETURNING last_value""";

    /** Every column spec-service fills on create. */
    static final String INSERT_SPEC = """
            INSERT INTO spec.spec (project_id, spec_id, sort_key, random_suffix, driver_id, last_member,
                title, body, type, status, labels, depends_on, informed_by, context, target_files, origin,
                tracks, commits, members, prompt, model, branch, completed_at, approval_required,
                approval_status, approval_by, approval_at, extra_frontmatter, criteria_total, criteria_checked,
                archived, archive_folder, created_by, updated_at, version)
            VALUES (?, ?, ?, ?, NULL, 0, ?, ?, 'CODE', 'PENDING', ?, '{}', '{}', '{}', '{}', '{}',
                '{}', '{}', '{}', NULL, NULL, NULL, NULL, NULL,
                NULL, NULL, NULL, '', ?, ?,
                FALSE, NULL, ?, ?, 0)
            RETURNING pk""";

    /** The audit event every create appends, serialised per project as spec-service does it. */
    static final String LOCK_EVENTS = "SELECT pg_advisory_xact_lock(?)";


    static final String APPEND_EVENT = """
            INSERT INTO spec.spec_event (project_id, spec_id, actor, kind, old_value, new_value, from_status,
                to_status, forced, reason, labels)
            VALUES (?, ?, ?, 'CREATED', '', ?, NULL, NULL, FALSE, '', ?)
            RETURNING sequence""";

    /**
     * Every column a GetSpec response carries, and whether the spec waits (readiness rule of V2),
     * from which the effective status (pending or blocked) follows.
     */
    static final String SELECT_SPEC = """
            SELECT s.spec_id, s.title, s.body, s.type, s.status, s.labels, s.depends_on, s.informed_by, s.context,
                s.target_files, s.origin, s.tracks, s.prompt, s.model, s.approval_required, s.approval_status,
                s.approval_by, s.approval_at, s.branch, s.commits, s.completed_at, s.members, s.extra_frontmatter,
                s.criteria_total, s.criteria_checked, s.archived, s.archive_folder, s.version, s.created_by,
                s.created_at, s.updated_at, """ + WAITS + """

            FROM spec.spec s WHERE s.project_id = ? AND s.spec_id = ?""";

    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

    private final long projectId;

    private JdbcBaseline(long projectId) {
        this.projectId = projectId;
    }

    /** Inserts the baseline's own project row, as spec-service would store a new project. */
    static JdbcBaseline withNewProject(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO spec.project (name, default_branch, branch_prefix, default_prompt)
                VALUES (?, 'main', 'chant/', 'standard') RETURNING id""")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                c.commit();
                return new JdbcBaseline(id);
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /** Statements of one worker: prepared before the phase, used by that worker only. */
    record CreateStatements(PreparedStatement sequence, PreparedStatement insert, PreparedStatement lock,
            PreparedStatement event) {
    }

    /**
     * One create in one transaction: next sequence number of today (UTC), the spec row, then the
     * audit event under the project's advisory lock. Returns the new spec's ID.
     */
    String create(Connection c, CreateStatements st, SpecSamples.NewSpec sample, SplittableRandom random)
            throws SQLException {
        try {
            LocalDate day = LocalDate.now(ZoneOffset.UTC);
            st.sequence().setLong(1, projectId);
            st.sequence().setObject(2, day);
            int sequence;
            try (ResultSet rs = st.sequence().executeQuery()) {
                rs.next();
                sequence = rs.getInt(1);
            }
            String suffix = randomSuffix(random);
            String id = day + "-" + SpecSamples.base36(sequence) + "-" + suffix;
            PreparedStatement s = st.insert();
            s.setLong(1, projectId);
            s.setString(2, id);
            s.setString(3, id);
            s.setString(4, suffix);
            s.setString(5, sample.title());
            s.setString(6, SpecSamples.storedBody(sample.title(), sample.body()));
            Array labels = c.createArrayOf("text", sample.labels().toArray());
            s.setArray(7, labels);
            s.setInt(8, sample.criteriaTotal());
            s.setInt(9, sample.criteriaChecked());
            s.setString(10, "bench");
            s.setTimestamp(11, Timestamp.from(Instant.now()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                rs.getLong(1);
            }
            st.lock().setLong(1, projectId);
            try (ResultSet rs = st.lock().executeQuery()) {
                rs.next();
            }
            PreparedStatement e = st.event();
            e.setLong(1, projectId);
            e.setString(2, id);
            e.setString(3, "bench");
            e.setString(4, createdEvent(sample));
            e.setArray(5, labels);
            try (ResultSet rs = e.executeQuery()) {
                rs.next();
                rs.getLong(1);
            }
            c.commit();
            return id;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** One get in one (read-only) transaction: the row by project and ID, every column decoded. */
    void get(Connection c, PreparedStatement select, String id) throws SQLException {
        try {
            select.setLong(1, projectId);
            select.setString(2, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("spec " + id + " not found by the baseline");
                }
                readRow(rs);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** Reads every column of a spec row the way a mapper would, arrays included. */
    static void readRow(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        for (int i = 1; i <= columns; i++) {
            Object value = rs.getObject(i);
            if (value instanceof Array a) {
                a.getArray();
            }
        }
    }

    /** The fields a new spec sets, as spec-service records them in a CREATED event. */
    static String createdEvent(SpecSamples.NewSpec sample) {
        String body = SpecSamples.storedBody(sample.title(), sample.body());
        return "type: code\nlabels: [" + String.join(", ", sample.labels()) + "]\ndepends_on: []\ninformed_by: []"
                + "\ncontext: []\ntarget_files: []\norigin: []\ntracks: []\ncommits: []\nmembers: []\nbody: "
                + body.length() + " characters, hash " + Integer.toHexString(body.hashCode());
    }

    private static String randomSuffix(SplittableRandom random) {
        char[] out = new char[3];
        for (int i = 0; i < 3; i++) {
            out[i] = DIGITS.charAt(random.nextInt(36));
        }
        return new String(out);
    }
}
