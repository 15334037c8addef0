package chant.spec.auth;

import chant.spec.access.Access;
import chant.spec.access.Members;
import chant.spec.store.SpecReads;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.auth.RunScope;
import chant.support.auth.issuer.MintedToken;
import chant.support.auth.issuer.NewToken;
import chant.support.auth.issuer.TokenMinter;
import chant.support.auth.token.AuthSettings;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.NotFoundException;
import chant.support.failure.PreconditionFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;

/**
 * Tokens spec-service mints with the local issuer's key: user and service tokens for a platform admin
 * ({@code chant token create}), and run tokens for agent-service, one per run, scoped to its spec.
 * A token is returned once and never stored or logged; only its ID may be recorded.
 */
@ApplicationScoped
public class TokenIssuing {

    /** A user or service token's lifetime when the request names none. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(30);

    @Inject
    AuthSetup setup;

    @Inject
    Access access;

    @Inject
    SpecReads reads;

    /** What a CreateToken request asks for. */
    public record TokenRequest(String subject, boolean service, Map<String, Role> roles, boolean platformAdmin,
            long ttlSeconds) {
    }

    /**
     * A user's or service's token.
     *
     * @throws chant.support.failure.PermissionDeniedException unless {@code caller} is a platform admin
     * @throws PreconditionFailedException with an OpenID Connect provider (people get tokens there), or
     *                                     without the local issuer's key
     * @throws InvalidRequestException     for a malformed subject, role, or lifetime
     */
    public MintedToken create(TokenRequest request, Principal caller) {
        access.of(caller).requirePlatformAdmin("creating a token");
        requireLocalSource(setup.settings());
        Members.requireSubject(request.subject());
        if (request.service() && (request.platformAdmin() || !request.roles().isEmpty())) {
            throw new InvalidRequestException("a service token carries no roles and is no platform admin: a service's"
                    + " rights are fixed by the services it calls; leave roles and platform_admin out");
        }
        request.roles().keySet().forEach(project -> {
            if (project == null || project.isBlank()) {
                throw new InvalidRequestException("a role names no project: give project and role for each");
            }
        });
        Duration ttl = lifetime(request.ttlSeconds(), DEFAULT_TTL, NewToken.MAX_USER_TTL);
        Principal principal = request.service() ? Principal.service(request.subject())
                : Principal.user(request.subject(), request.roles(), request.platformAdmin());
        return minter().mint(new NewToken(principal, ttl));
    }

    /**
     * A token for the runner of run {@code runId} on spec {@code specId} (its full ID) of {@code project}.
     *
     * @throws chant.support.failure.PermissionDeniedException unless {@code caller} is agent-service
     * @throws NotFoundException       when the project or the spec does not exist
     * @throws InvalidRequestException for an empty run ID or a lifetime out of range
     */
    public MintedToken createRun(String runId, String project, String specId, long ttlSeconds, Principal caller) {
        access.of(caller).requireService(Access.AGENT_SERVICE);
        if (runId == null || runId.isBlank() || runId.length() > Members.MAX_SUBJECT
                || runId.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("run_id is empty or not a run ID: give the run's ID (1 to "
                    + Members.MAX_SUBJECT + " characters without control characters)");
        }
        if (specId == null || specId.isBlank()) {
            throw new InvalidRequestException("spec_id is empty: give the full ID of the run's spec");
        }
        if (ttlSeconds <= 0) {
            throw new InvalidRequestException("ttl_seconds is " + ttlSeconds + ": give the run's timeout plus a margin, 1 to "
                    + NewToken.MAX_RUN_TTL.toSeconds() + " seconds");
        }
        Duration ttl = lifetime(ttlSeconds, NewToken.MAX_RUN_TTL, NewToken.MAX_RUN_TTL);
        reads.project(project); // NOT_FOUND for a project that does not exist
        reads.viewByExactId(project, specId).orElseThrow(() -> new NotFoundException("spec " + specId
                + " not found in project " + project + ": a run token names its spec by full ID"));
        return minter().mint(new NewToken(Principal.run("run:" + runId, new RunScope(runId, project, specId)), ttl));
    }

    /**
     * With an OpenID Connect provider, people and integrations get their tokens there: spec-service
     * mints only run tokens (and the services' own) then.
     *
     * @throws PreconditionFailedException with {@code source=oidc}
     */
    static void requireLocalSource(AuthSettings settings) {
        if (settings.source() == AuthSettings.Source.OIDC) {
            throw new PreconditionFailedException("spec-service accepts user tokens of " + settings.issuer()
                    + " only: get tokens from that provider (CreateToken works with chant.auth.source=local)");
        }
    }

    private TokenMinter minter() {
        return setup.minter().orElseThrow(() -> new PreconditionFailedException("spec-service holds no signing key:"
                + " set chant.auth.key-dir (CHANT_AUTH_KEY_DIR) to the local issuer's directory to mint tokens"));
    }

    private static Duration lifetime(long seconds, Duration whenZero, Duration max) {
        if (seconds < 0) {
            throw new InvalidRequestException("ttl_seconds is " + seconds + ": give a positive lifetime, or 0 for the"
                    + " default (" + whenZero.toDays() + " days)");
        }
        if (seconds == 0) {
            return whenZero;
        }
        if (seconds > max.toSeconds()) {
            throw new InvalidRequestException("ttl_seconds is " + seconds + ": at most " + max.toSeconds() + " seconds ("
                    + max.toDays() + " days)");
        }
        return Duration.ofSeconds(seconds);
    }
}
