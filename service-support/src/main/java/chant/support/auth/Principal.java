package chant.support.auth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a verified token says is calling, and what it grants. The subject is what the services record
 * as author, approver, requester: it comes from the token's {@code sub}, never from a name the
 * client chose. Compare subjects exactly ({@link #isSubject}): an identity provider's subjects are
 * opaque, and two spellings of one name are two subjects.
 *
 * @param subject       the token's {@code sub}
 * @param kind          user, service or run
 * @param platformAdmin may create projects and grant roles in every project
 * @param projectRoles  the role per project name that the token grants (stored grants are added by
 *                      {@link Authorization}'s {@link Memberships})
 * @param runScope      the run a {@link PrincipalKind#RUN RUN} principal is for; empty otherwise
 * @param onBehalfOf    for a {@link PrincipalKind#SERVICE SERVICE} principal: the end user's subject
 *                      it passed on for this call (who asked for a merge); empty otherwise
 * @param tokenId       the token's {@code jti}, for audit and revocation lists; empty when it had none
 */
public record Principal(String subject, PrincipalKind kind, boolean platformAdmin, Map<String, Role> projectRoles,
        Optional<RunScope> runScope, Optional<String> onBehalfOf, Optional<String> tokenId) {

    public Principal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        projectRoles = Map.copyOf(projectRoles);
        Objects.requireNonNull(runScope, "runScope");
        Objects.requireNonNull(onBehalfOf, "onBehalfOf");
        Objects.requireNonNull(tokenId, "tokenId");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("a principal has a subject");
        }
        if (kind == PrincipalKind.RUN != runScope.isPresent()) {
            throw new IllegalArgumentException("a run principal, and only one, has a run scope");
        }
        if (onBehalfOf.isPresent() && kind != PrincipalKind.SERVICE) {
            throw new IllegalArgumentException("only a service acts on behalf of a user");
        }
        if (kind == PrincipalKind.RUN && (platformAdmin || !projectRoles.isEmpty())) {
            throw new IllegalArgumentException("a run principal holds no roles: its run scope is all it may use");
        }
    }

    /** A person with roles per project. */
    public static Principal user(String subject, Map<String, Role> projectRoles, boolean platformAdmin) {
        return new Principal(subject, PrincipalKind.USER, platformAdmin, projectRoles, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A service identity; its rights are the fixed ones the called service grants it ({@link ServiceRights}). */
    public static Principal service(String subject) {
        return new Principal(subject, PrincipalKind.SERVICE, false, Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The runner of one run. */
    public static Principal run(String subject, RunScope scope) {
        return new Principal(subject, PrincipalKind.RUN, false, Map.of(), Optional.of(scope), Optional.empty(),
                Optional.empty());
    }

    /** This service principal passing on the end user {@code user} for one call. */
    public Principal actingFor(String user) {
        return new Principal(subject, kind, platformAdmin, projectRoles, runScope, Optional.of(user), tokenId);
    }

    public Principal withTokenId(String jti) {
        return new Principal(subject, kind, platformAdmin, projectRoles, runScope, onBehalfOf, Optional.ofNullable(jti));
    }

    /** The role the token grants in {@code project}, if any. */
    public Optional<Role> roleIn(String project) {
        return Optional.ofNullable(projectRoles.get(project));
    }

    /** Whether {@code other} is this principal's subject, compared exactly. */
    public boolean isSubject(String other) {
        return subject.equals(other);
    }

    /** Whether this is the service identity {@code name} (whoever it acts for). */
    public boolean isService(String name) {
        return kind == PrincipalKind.SERVICE && subject.equals(name);
    }

    /**
     * Who to record as having asked: the end user a service passed on, else the subject itself.
     * For a merge requested through merge-service this is the person, not merge-service.
     */
    public String actor() {
        return onBehalfOf.orElse(subject);
    }

    /** For messages: {@code user alice}, {@code service merge-service}, {@code run 42}. */
    public String describe() {
        return switch (kind) {
            case USER -> "user " + subject;
            case SERVICE -> "service " + subject + onBehalfOf.map(u -> " (for " + u + ")").orElse("");
            case RUN -> "the runner of run " + runScope.orElseThrow().runId();
        };
    }
}
