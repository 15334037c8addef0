package chant.merge.auth;

import chant.support.auth.Authorization;
import chant.support.auth.Memberships;
import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.Role;
import chant.support.auth.ServiceRights;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;

/**
 * Who may do what with merge requests (docs/auth.md, "Rights per RPC"): submitting a merge or an
 * archive needs the member role in the project, reading one the viewer role. A user's role is the
 * higher of the token's and the grant stored in spec-service ({@link Memberships}, asked only when the
 * token alone does not suffice); a platform admin holds every role. No service identity has rights
 * here: no service calls merge-service.
 */
@ApplicationScoped
public class ProjectAccess {

    /** The fixed rights of service identities in merge-service: none. */
    static final ServiceRights SERVICE_RIGHTS = ServiceRights.none();

    @Inject
    Memberships memberships;

    /**
     * @throws chant.support.failure.PermissionDeniedException naming the role and the project, when
     *                                                         the principal does not hold it there
     */
    public void require(Principal principal, String project, Role needed) {
        if (!Authorization.of(principal).holds(project, needed)) {
            authorization(principal).requireRole(project, needed);
        }
    }

    public boolean holds(Principal principal, String project, Role needed) {
        return Authorization.of(principal).holds(project, needed) || authorization(principal).holds(project, needed);
    }

    /** Whether the principal may read every project's requests without asking project by project. */
    public boolean readsEverything(Principal principal) {
        return principal.kind() == PrincipalKind.USER && principal.platformAdmin();
    }

    /** Those of {@code projects} in which the principal holds {@code needed}. */
    public List<String> where(Principal principal, Collection<String> projects, Role needed) {
        return projects.stream().filter(project -> holds(principal, project, needed)).toList();
    }

    private Authorization authorization(Principal principal) {
        return new Authorization(principal, memberships, SERVICE_RIGHTS);
    }
}
