package chant.support.auth;

import java.util.Optional;

/**
 * Roles granted and stored by the platform ({@code chant project members}), beside the roles a
 * token carries. spec-service reads its membership table; the other services ask spec-service
 * (and may cache the answer briefly). A principal's role in a project is the higher of the two.
 */
@FunctionalInterface
public interface Memberships {

    /** No stored grants: only what tokens carry counts. */
    Memberships NONE = (subject, project) -> Optional.empty();

    /** The stored role of {@code subject} in {@code project}, if any. */
    Optional<Role> roleOf(String subject, String project);
}
