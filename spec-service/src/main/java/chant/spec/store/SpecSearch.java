package chant.spec.store;

import chant.support.paging.PageSize;
import chant.support.paging.PageTokens;
import chant.spec.store.Blockers;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import chant.spec.project.Project;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Queries over a project's specs that the list filters and the dependency checks need. A page is
 * one plain SQL query (filtering, paging and readiness on the indexes of V1, every column of the
 * page's specs read by {@link SpecRows}) plus a count when the total is asked for; called outside
 * a transaction it needs none.
 */
@ApplicationScoped
public class SpecSearch {

    @jakarta.inject.Inject
    chant.spec.store.Blockers blockers;

    @jakarta.inject.Inject
    PageTokens pageTokens;

    @jakarta.inject.Inject
    ReadConnections connections;

    /** A page of specs in ID order after the page token, and the count of all matches; the specs carry no body. */
    public SpecPage page(Project project, SpecFilter filter, int pageSize, String pageToken) {
        return page(project, filter, false, true, pageSize, pageToken);
    }

    /**
     * A page of the specs that are ready to work: pending (or failed, for a retry), not archived,
     * and waiting for nothing by the readiness rule. Counting all of them costs a readiness check
     * per pending spec, so the total is computed only when asked for (-1 otherwise).
     */
    public SpecPage readyPage(Project project, List<SpecType> types, List<String> anyLabels, String withinDriver,
            int pageSize, String pageToken, boolean withTotal) {
        return page(project, new SpecFilter(List.of(), types, anyLabels, null, SpecFilter.Archived.ACTIVE, withinDriver), true,
                withTotal, pageSize, pageToken);
    }

    /** Active specs per effective status. */
    @SuppressWarnings("unchecked")
    public Map<SpecStatus, Long> countByStatus(Project project) {
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(
                        "SELECT CASE WHEN s.status = 'PENDING' AND " + Blockers.WAITS + " THEN 'BLOCKED' ELSE s.status END"
                        + " AS st, count(*) FROM spec s WHERE s.project_id = :p AND NOT s.archived GROUP BY st")
                .setParameter("p", project.id)
                .getResultList();
        Map<SpecStatus, Long> counts = new java.util.EnumMap<>(SpecStatus.class);
        rows.forEach(r -> counts.put(SpecStatus.valueOf((String) r[0]), ((Number) r[1]).longValue()));
        return counts;
    }

    private SpecPage page(Project project, SpecFilter filter, boolean readyOnly, boolean withTotal, int pageSize,
            String pageToken) {
        int size = PageSize.STANDARD.resolve(pageSize);
        String scope = scope(project, filter, readyOnly);
        String after = pageTokens.decode(scope, pageToken);
        Where where = where(project, filter);
        if (readyOnly) {
            where.add("s.status IN ('PENDING', 'FAILED') AND NOT " + Blockers.WAITS);
        }
        // The page query answers whether each spec waits too (ready specs never do), so that no
        // second query is needed for the effective statuses.
        String waits = readyOnly ? "FALSE" : "(s.status = 'PENDING' AND " + Blockers.WAITS + ")";
        Where page = where.copy();
        if (after != null) {
            page.add("s.sort_key > ?", after);
        }
        String pageSql = "SELECT " + SpecRows.LIST_COLUMNS + ", " + waits + " AS waiting FROM spec s WHERE " + page.sql
                + " ORDER BY s.sort_key LIMIT " + (size + 1);
        return connections.read("listing the specs of project " + project.name, c -> {
            long total = -1;
            if (withTotal) {
                try (PreparedStatement st = where.prepare(c, "SELECT count(*) FROM spec s WHERE " + where.sql);
                        ResultSet rs = st.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<SpecView> specs = new ArrayList<>();
            boolean more = false;
            try (PreparedStatement st = page.prepare(c, pageSql); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (specs.size() == size) {
                        more = true;
                        break;
                    }
                    specs.add(SpecView.of(SpecRows.read(rs, project), rs.getBoolean("waiting")));
                }
            }
            String next = more ? pageTokens.encode(scope, specs.get(specs.size() - 1).spec().sortKey) : "";
            return new SpecPage(List.copyOf(specs), next, total);
        });
    }

    /** IDs of the project's specs that list {@code specId} in depends_on. */
    public List<String> dependents(Project project, String specId) {
        return ids("SELECT spec_id FROM spec WHERE project_id = :p AND depends_on @> ARRAY[CAST(:id AS text)]"
                + " ORDER BY sort_key", project, specId);
    }

    /** IDs of the direct members of a driver. */
    public List<String> members(Project project, String driverId) {
        return ids("SELECT spec_id FROM spec WHERE project_id = :p AND driver_id = :id ORDER BY sort_key",
                project, driverId);
    }

    /** The highest member number a driver has ever had among its stored members; 0 when none. */
    public int lastMemberNumber(Project project, String driverId) {
        return members(project, driverId).stream()
                .map(id -> id.substring(driverId.length() + 1))
                .mapToInt(Integer::parseInt)
                .max().orElse(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(String sql, Project project, String id) {
        return Panache.getEntityManager().createNativeQuery(sql)
                .setParameter("p", project.id)
                .setParameter("id", id)
                .getResultList();
    }

    private static Where where(Project project, SpecFilter filter) {
        Where w = new Where();
        w.add("s.project_id = ?", project.id);
        switch (filter.archived()) {
            case ACTIVE -> w.add("NOT s.archived");
            case ARCHIVED -> w.add("s.archived");
            case ALL -> { }
        }
        addStatuses(w, filter.statuses());
        w.addIn("s.type", filter.types().stream().map(Enum::name).toList());
        if (!filter.anyLabels().isEmpty()) {
            w.add("s.labels && ARRAY[" + String.join(", ", java.util.Collections.nCopies(filter.anyLabels().size(),
                    "CAST(? AS text)")) + "]", filter.anyLabels().toArray());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            String pattern = "%" + escapeLike(filter.text().trim()) + "%";
            w.add("(s.title ILIKE ? ESCAPE '\\' OR s.body ILIKE ? ESCAPE '\\')", pattern, pattern);
        }
        if (filter.withinDriver() != null) {
            w.add("s.spec_id LIKE ? ESCAPE '\\'", escapeLike(filter.withinDriver()) + ".%");
        }
        return w;
    }

    /**
     * Status filter on effective statuses: blocked is pending with something to wait for
     * ({@link Blockers#WAITS}, the readiness rule), and pending means pending and not waiting.
     */
    private static void addStatuses(Where w, List<SpecStatus> statuses) {
        if (statuses.isEmpty()) {
            return;
        }
        List<String> alternatives = new ArrayList<>();
        List<String> stored = statuses.stream()
                .filter(st -> st != SpecStatus.PENDING && st != SpecStatus.BLOCKED).map(Enum::name).toList();
        if (!stored.isEmpty()) {
            alternatives.add("s.status IN (" + String.join(", ", java.util.Collections.nCopies(stored.size(), "?")) + ")");
        }
        boolean pending = statuses.contains(SpecStatus.PENDING);
        boolean blocked = statuses.contains(SpecStatus.BLOCKED);
        if (pending && blocked) {
            alternatives.add("s.status = 'PENDING'");
        } else if (pending) {
            alternatives.add("(s.status = 'PENDING' AND NOT " + Blockers.WAITS + ")");
        } else if (blocked) {
            alternatives.add("(s.status = 'PENDING' AND " + Blockers.WAITS + ")");
        }
        w.add("(" + String.join(" OR ", alternatives) + ")", stored.toArray());
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The list a page token belongs to: the project, the filters, and whether only ready specs are listed. */
    private static String scope(Project project, SpecFilter filter, boolean readyOnly) {
        StringBuilder scope = new StringBuilder("specs");
        java.util.List<String> parts = new java.util.ArrayList<>(List.of(String.valueOf(project.id), String.valueOf(readyOnly),
                filter.archived().name(), filter.statuses().toString(), filter.types().toString()));
        parts.add(String.valueOf(filter.anyLabels().size()));
        parts.addAll(filter.anyLabels());
        parts.add(filter.text() == null ? "" : filter.text());
        parts.add(filter.withinDriver() == null ? "" : filter.withinDriver());
        // Each part with its length, so that no two different lists share a scope ("a, b" is not "a", "b").
        parts.forEach(part -> scope.append('|').append(part.length()).append(':').append(part));
        return scope.toString();
    }

    /** A WHERE clause built from conditions joined with AND, and its parameters in order. */
    private static final class Where {
        private String sql = "TRUE";
        private final List<Object> params = new ArrayList<>();

        /** Adds a condition with a {@code ?} for each of {@code values}, in order. */
        void add(String condition, Object... values) {
            sql = sql + " AND " + condition;
            params.addAll(List.of(values));
        }

        void addIn(String column, List<String> values) {
            if (!values.isEmpty()) {
                add(column + " IN (" + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ")",
                        values.toArray());
            }
        }

        Where copy() {
            Where w = new Where();
            w.sql = sql;
            w.params.addAll(params);
            return w;
        }

        PreparedStatement prepare(Connection c, String query) throws SQLException {
            PreparedStatement st = c.prepareStatement(query);
            try {
                for (int i = 0; i < params.size(); i++) {
                    st.setObject(i + 1, params.get(i));
                }
                return st;
            } catch (SQLException e) {
                st.close();
                throw e;
            }
        }
    }
}
