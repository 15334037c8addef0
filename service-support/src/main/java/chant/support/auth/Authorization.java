package chant.support.auth;

import chant.support.failure.PermissionDeniedException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What one principal may do, checked where the domain knows the project, the run or the spec. Each
 * check returns quietly or throws {@link PermissionDeniedException} (PERMISSION_DENIED) with a
 * message that names who asked, the role or scope needed, and where.
 *
 * <p>A user's role in a project is the higher of the token's and the stored one
 * ({@link Memberships}); a platform admin holds every role everywhere. A service holds the fixed
 * role its {@link ServiceRights} give it. A runner's token holds no role: it may use its own run and
 * read its own spec ({@link #requireRunScope}, {@link #requireSpecRead}).
 */
public record Authorization(Principal principal, Memberships memberships, ServiceRights serviceRights) {

    /** The rights the token alone grants, for services without stored grants or fixed service rights. */
    public static Authorization of(Principal principal) {
        return new Authorization(principal, Memberships.NONE, ServiceRights.none());
    }

    /** The role the principal holds in {@code project}: from the token, the stored grants or its service rights. */
    public Optional<Role> roleIn(String project) {
        return switch (principal.kind()) {
            case USER -> principal.platformAdmin() ? Optional.of(Role.ADMIN)
                    : higher(principal.roleIn(project), memberships.roleOf(principal.subject(), project));
            case SERVICE -> serviceRights.roleOf(principal.subject());
            case RUN -> Optional.empty();
        };
    }

    /** Whether the principal holds {@code needed} (or a higher role) in {@code project}. */
    public boolean holds(String project, Role needed) {
        return roleIn(project).map(role -> role.includes(needed)).orElse(false);
    }

    /**
     * @throws PermissionDeniedException naming the role needed and the project, when the principal
     *                                   holds a lower role there or none
     */
    public void requireRole(String project, Role needed) {
        if (holds(project, needed)) {
            return;
        }
        if (principal.kind() == PrincipalKind.RUN) {
            throw new PermissionDeniedException(principal.describe() + " may only report its own run and read spec "
                    + principal.runScope().orElseThrow().specId() + ": this needs the " + needed + " role in project '"
                    + project + "'");
        }
        String holding = roleIn(project).map(role -> "holds only " + role).orElse("holds no role there");
        throw new PermissionDeniedException("this needs the " + needed + " role in project '" + project + "': "
                + principal.describe() + " " + holding
                + (principal.kind() == PrincipalKind.USER ? " (a project admin can grant it: chant project members)" : ""));
    }

    /** @throws PermissionDeniedException unless the principal is a platform admin */
    public void requirePlatformAdmin(String what) {
        if (principal.kind() == PrincipalKind.USER && principal.platformAdmin()) {
            return;
        }
        throw new PermissionDeniedException(what + " needs a platform admin: " + principal.describe() + " is none");
    }

    /**
     * For the calls a runner makes about its run (heartbeat, log, finish): only the token scoped to
     * that run may make them.
     *
     * @throws PermissionDeniedException for any other principal, naming the run
     */
    public void requireRunScope(String runId) {
        Optional<RunScope> scope = principal.runScope();
        if (scope.isPresent() && scope.get().runId().equals(runId)) {
            return;
        }
        if (scope.isPresent()) {
            throw new PermissionDeniedException("this token is scoped to run " + scope.get().runId()
                    + " and cannot be used for run " + runId);
        }
        throw new PermissionDeniedException("only the runner of run " + runId + " may do this, with the run's own token: "
                + principal.describe() + " is not it");
    }

    /**
     * Reading one spec: a viewer of its project may, and so may the runner of a run on that very spec.
     *
     * @throws PermissionDeniedException otherwise
     */
    public void requireSpecRead(String project, String specId) {
        requireRoleOrRunOn(project, specId, Role.VIEWER, "read");
    }

    /**
     * What a runner does to its own spec through spec-service (marks it in progress when it starts;
     * a split run adds the members and makes it a group): the runner of a run on that very spec may,
     * and so may whoever holds {@code needed} in the project.
     *
     * @throws PermissionDeniedException otherwise, naming the spec and the run or the role
     */
    public void requireRoleOrRunOn(String project, String specId, Role needed, String what) {
        Optional<RunScope> scope = principal.runScope();
        if (scope.isPresent()) {
            if (scope.get().project().equals(project) && scope.get().specId().equals(specId)) {
                return;
            }
            throw new PermissionDeniedException("this token is scoped to run " + scope.get().runId() + " of spec "
                    + scope.get().specId() + " in project '" + scope.get().project() + "' and cannot " + what
                    + " spec " + specId + " in project '" + project + "'");
        }
        requireRole(project, needed);
    }

    /**
     * For RPCs only the platform's own services call (recording a merge, delivering a run's result).
     *
     * @throws PermissionDeniedException unless the principal is one of {@code services}
     */
    public void requireService(String... services) {
        if (principal.kind() == PrincipalKind.SERVICE && Set.of(services).contains(principal.subject())) {
            return;
        }
        throw new PermissionDeniedException("only " + String.join(" or ", Arrays.asList(services))
                + " may call this: " + principal.describe() + " may not");
    }

    /**
     * The approval rule: nobody decides on a spec they wrote. Subjects are compared exactly, so an
     * author cannot slip past it under another spelling of their name: the subject is the token's.
     *
     * @throws PermissionDeniedException when the acting subject is the author
     */
    public void requireNotAuthor(String authorSubject, String specId) {
        if (principal.actor().equals(authorSubject)) {
            throw new PermissionDeniedException(principal.actor() + " wrote spec " + specId
                    + " and cannot approve or reject it: another approver must");
        }
    }

    private static Optional<Role> higher(Optional<Role> a, Optional<Role> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().includes(b.get()) ? a.get() : b.get());
    }
}
