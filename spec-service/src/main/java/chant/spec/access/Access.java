package chant.spec.access;

import chant.support.auth.Authorization;
import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.Role;
import chant.support.auth.ServiceRights;
import chant.support.failure.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * What a caller may do in spec-service: the token's roles, the grants stored here
 * ({@link StoredMemberships}) and the fixed rights of the platform's services. The domain asks for an
 * {@link Authorization} as soon as it knows the project (and, for a runner, the spec), before it writes
 * anything, so that a refused request changes nothing.
 */
@ApplicationScoped
public class Access {

    /** The service that records merges (RecordMerge is its alone). */
    public static final String MERGE_SERVICE = "merge-service";
    /** The service that runs agents (CreateRunToken is its alone). */
    public static final String AGENT_SERVICE = "agent-service";

    /**
     * agent-service and merge-service read specs, transition them and record results in every project;
     * neither approves (ServiceRights refuses that).
     */
    public static final ServiceRights SERVICE_RIGHTS = new ServiceRights(Map.of(
            AGENT_SERVICE, Role.MEMBER,
            MERGE_SERVICE, Role.MEMBER));

    @Inject
    StoredMemberships memberships;

    public Authorization of(Principal principal) {
        return new Authorization(principal, memberships, SERVICE_RIGHTS);
    }

    /**
     * The first half of a check on one spec that a runner may also make on its own spec: a user or
     * service needs {@code needed} in the project, checked now, before the spec is looked up (so that
     * an outsider learns nothing about it); a runner is checked by {@link #requireOwnSpecIfRun} once
     * the spec's full ID is known.
     */
    public Authorization requireRoleUnlessRun(Principal principal, String project, Role needed) {
        requireProjectName(project);
        Authorization authorization = of(principal);
        if (principal.kind() != PrincipalKind.RUN) {
            authorization.requireRole(project, needed);
        }
        return authorization;
    }

    /** The second half: a runner may only {@code what} the spec its run is for. */
    public static void requireOwnSpecIfRun(Authorization authorization, String project, String specId, String what) {
        if (authorization.principal().kind() == PrincipalKind.RUN) {
            authorization.requireRoleOrRunOn(project, specId, Role.MEMBER, what);
        }
    }

    /** Checks that {@code principal} holds {@code needed} in {@code project}. */
    public void requireRole(Principal principal, String project, Role needed) {
        requireProjectName(project);
        of(principal).requireRole(project, needed);
    }

    /**
     * Reading a project's settings: a viewer may, and so may the runner of a run in that project (it
     * needs the repository and the branches to make its checkout).
     */
    public void requireProjectRead(Principal principal, String project) {
        requireProjectName(project);
        if (principal.runScope().map(scope -> scope.project().equals(project)).orElse(false)) {
            return;
        }
        of(principal).requireRole(project, Role.VIEWER);
    }

    /** An empty project name is the caller's mistake, whoever the caller is: INVALID_ARGUMENT, not a refusal. */
    private static void requireProjectName(String project) {
        if (project == null || project.isBlank()) {
            throw new InvalidRequestException(
                    "project is empty: name the project (chant --project NAME; chant project list shows them)");
        }
    }

    /**
     * Whether {@code principal} sees {@code project} in lists: a platform admin and the platform's
     * services see every project, a user the projects where the token or a stored grant gives a role,
     * a runner none.
     */
    public boolean sees(Principal principal, String project, java.util.Set<String> grantedProjects) {
        return switch (principal.kind()) {
            case USER -> principal.platformAdmin() || principal.projectRoles().containsKey(project)
                    || grantedProjects.contains(project);
            case SERVICE -> SERVICE_RIGHTS.roleOf(principal.subject()).isPresent();
            case RUN -> false;
        };
    }

    /** The projects where {@code principal} holds a stored grant (users only; empty for others). */
    public java.util.Set<String> grantedProjects(Principal principal) {
        if (principal.kind() != PrincipalKind.USER || principal.platformAdmin()) {
            return java.util.Set.of();
        }
        return memberships.projectsOf(principal.subject()).keySet();
    }

    /**
     * The role {@code principal} holds in each project where it holds one, ordered by project: for a
     * user the higher of the token's and the stored grant; none for services (their fixed rights hold
     * in every project) and runners (their run scope is all they may use).
     */
    public Map<String, Role> rolesOf(Principal principal) {
        java.util.TreeMap<String, Role> roles = new java.util.TreeMap<>();
        if (principal.kind() != PrincipalKind.USER) {
            return roles;
        }
        roles.putAll(principal.projectRoles());
        memberships.projectsOf(principal.subject()).forEach((project, role) ->
                roles.merge(project, role, (a, b) -> a.includes(b) ? a : b));
        return roles;
    }
}
