package chant.spec.store;

import chant.spec.project.Project;
import chant.spec.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hot reads by name and full ID (a project, GetSpec, GetBlockers) as one plain SQL statement each on a pooled
 * connection: no persistence context and, called outside a transaction, no JTA transaction either.
 * One statement reads one consistent snapshot, so a transaction would add nothing but cost. The
 * specs returned are detached copies for reading; changes go through {@link SpecFinder} and the
 * entity. Called inside a transaction, the connection joins it and sees what it wrote once flushed.
 */
@ApplicationScoped
public class SpecReads {

    @Inject
    ReadConnections connections;

    /** The named project, read outside any transaction; NOT_FOUND when there is none. */
    public Project project(String name) {
        Projects.requireName(name);
        String sql = "SELECT " + SpecRows.PROJECT_COLUMNS + " FROM project p WHERE p.name = ?";
        Optional<Project> project = connections.read("reading project " + name, c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(SpecRows.readProject(rs)) : Optional.<Project>empty();
                }
            }
        });
        return project.orElseThrow(() -> Projects.missing(name));
    }

    /**
     * The spec with exactly this ID in the named project and its effective status, from one query
     * (project, spec and the readiness rule joined). Empty when the project or the ID does not match
     * exactly; resolve short IDs with {@link SpecFinder#read}.
     */
    public Optional<SpecView> viewByExactId(String projectName, String specId) {
        String sql = "SELECT " + SpecRows.SPEC_COLUMNS + ", " + SpecRows.PROJECT_COLUMNS
                + ", spec_waits_by_pk(s.pk) AS waiting"
                + " FROM spec s JOIN project p ON p.id = s.project_id WHERE p.name = ? AND s.spec_id = ?";
        return connections.read("reading spec " + specId, c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, projectName);
                st.setString(2, specId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<SpecView>empty();
                    }
                    return Optional.of(SpecView.of(SpecRows.read(rs, SpecRows.readProject(rs)), rs.getBoolean("waiting")));
                }
            }
        });
    }

    /**
     * The readiness of the spec with exactly this ID in the named project: one query (project,
     * spec and blockers joined). Empty when the project or the ID does not match exactly.
     */
    public Optional<Blockers.Report> report(String projectName, String specId) {
        String sql = """
                SELECT s.spec_id, s.status, s.archived, b.kind, b.blocker_id, b.blocker_status
                FROM spec s JOIN project p ON p.id = s.project_id
                LEFT JOIN LATERAL spec_blockers(s) b ON TRUE
                WHERE p.name = ? AND s.spec_id = ?
                ORDER BY b.kind, b.blocker_id""";
        return connections.read("reading the blockers of spec " + specId, c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, projectName);
                st.setString(2, specId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Blockers.Report>empty();
                    }
                    String id = rs.getString(1);
                    String status = rs.getString(2);
                    boolean workable = ("PENDING".equals(status) || "FAILED".equals(status)) && !rs.getBoolean(3);
                    List<Blocker> found = new ArrayList<>();
                    do {
                        String kind = rs.getString(4);
                        if (kind != null) {
                            found.add(Blocker.of(Blocker.Kind.valueOf(kind), rs.getString(5), rs.getString(6)));
                        }
                    } while (rs.next());
                    return Optional.of(new Blockers.Report(id, workable && found.isEmpty(), List.copyOf(found)));
                }
            }
        });
    }
}
