package chant.spec.access;

import chant.support.auth.Memberships;
import chant.support.auth.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The grants stored in {@code project_member}, read where they are needed: only for users who are not
 * platform admins (platform admins and services never reach them). A read joins the caller's
 * transaction, so that a check inside a write sees the same database state as the write.
 */
@ApplicationScoped
public class StoredMemberships implements Memberships {

    @Inject
    EntityManager entities;

    @Override
    public Optional<Role> roleOf(String subject, String project) {
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> entities.createNativeQuery(
                        "SELECT m.role FROM project_member m JOIN project p ON p.id = m.project_id"
                                + " WHERE p.name = ?1 AND m.subject = ?2")
                .setParameter(1, project).setParameter(2, subject).getResultList());
        return rows.isEmpty() ? Optional.empty() : Role.parse((String) rows.get(0));
    }

    /** The stored role of {@code subject} in each project where it holds one, ordered by project. */
    public Map<String, Role> projectsOf(String subject) {
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> entities.createNativeQuery(
                        "SELECT p.name, m.role FROM project_member m JOIN project p ON p.id = m.project_id"
                                + " WHERE m.subject = ?1 ORDER BY p.name")
                .setParameter(1, subject).getResultList());
        Map<String, Role> roles = new LinkedHashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            Role.parse((String) columns[1]).ifPresent(role -> roles.put((String) columns[0], role));
        }
        return roles;
    }
}
