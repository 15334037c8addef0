package chant.support.auth.token;

import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.Role;
import chant.support.auth.RunScope;
import chant.support.auth.token.TokenRejectedException.Reason;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a verified token's claims become a {@link Principal}.
 *
 * <p>The roles claim ({@code rolesClaim}, {@value ClaimNames#ROLES} by default) is read in either of
 * two forms, so that both the local issuer and an OpenID Connect provider's group claim work:
 * <ul>
 *   <li>an object from project name to role, {@code {"demo": "approver"}} (the local issuer's);</li>
 *   <li>a list of strings {@code <groupPrefix><project>:<role>}, e.g. {@code chant:demo:approver} with
 *       the prefix {@code chant:} (a Keycloak or Dex {@code groups} claim); strings without the prefix
 *       are someone else's groups and are ignored. The group {@code adminGroup} makes a platform
 *       admin.</li>
 * </ul>
 * Unknown role names are ignored rather than read as some role: a typo grants nothing.
 */
public record ClaimMapping(String rolesClaim, String groupPrefix, String adminGroup) {

    public static ClaimMapping local() {
        return new ClaimMapping(ClaimNames.ROLES, "chant:", "chant:platform-admin");
    }

    Principal principal(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw bad("the token has no subject (sub): ask its issuer for a token that names who you are");
        }
        PrincipalKind kind = kind(claims);
        if (kind == PrincipalKind.RUN) {
            return Principal.run(subject, runScope(claims)).withTokenId(claims.getJWTID());
        }
        if (kind == PrincipalKind.SERVICE) {
            return Principal.service(subject).withTokenId(claims.getJWTID());
        }
        Map<String, Role> roles = new HashMap<>();
        boolean admin = Boolean.TRUE.equals(claims.getClaim(ClaimNames.PLATFORM_ADMIN));
        Object value = claims.getClaim(rolesClaim);
        if (value instanceof Map<?, ?> map) {
            map.forEach((project, role) -> {
                if (project instanceof String p && role instanceof String r) {
                    Role.parse(r).ifPresent(parsed -> roles.merge(p, parsed, ClaimMapping::higher));
                }
            });
        } else if (value instanceof List<?> groups) {
            for (Object group : groups) {
                if (!(group instanceof String g)) {
                    continue;
                }
                if (g.equals(adminGroup)) {
                    admin = true;
                } else if (g.startsWith(groupPrefix)) {
                    String rest = g.substring(groupPrefix.length());
                    int colon = rest.lastIndexOf(':');
                    if (colon > 0) {
                        String project = rest.substring(0, colon);
                        Role.parse(rest.substring(colon + 1)).ifPresent(role -> roles.merge(project, role, ClaimMapping::higher));
                    }
                }
            }
        } else if (value != null) {
            throw bad("the token's " + rolesClaim + " claim is neither an object of project roles nor a list of groups");
        }
        return Principal.user(subject, roles, admin).withTokenId(claims.getJWTID());
    }

    private static PrincipalKind kind(JWTClaimsSet claims) {
        Object value = claims.getClaim(ClaimNames.KIND);
        if (value == null) {
            return PrincipalKind.USER;
        }
        if (value instanceof String s) {
            return PrincipalKind.parse(s).orElseThrow(() -> bad("the token's " + ClaimNames.KIND + " claim '" + s
                    + "' is none of user, service, run"));
        }
        throw bad("the token's " + ClaimNames.KIND + " claim is not a string: it must be user, service or run");
    }

    private static RunScope runScope(JWTClaimsSet claims) {
        if (claims.getClaim(ClaimNames.RUN) instanceof Map<?, ?> run
                && run.get("run") instanceof String runId && run.get("project") instanceof String project
                && run.get("spec") instanceof String spec && !runId.isBlank() && !project.isBlank() && !spec.isBlank()) {
            return new RunScope(runId, project, spec);
        }
        throw bad("a run token needs its " + ClaimNames.RUN + " claim with run, project and spec");
    }

    private static Role higher(Role a, Role b) {
        return a.includes(b) ? a : b;
    }

    private static TokenRejectedException bad(String message) {
        return new TokenRejectedException(Reason.BAD_CLAIMS, message);
    }

    /** The claims the local issuer writes for a principal (the inverse of {@link #principal} for the local form). */
    public static Map<String, Object> localClaimsOf(Principal principal) {
        Map<String, Object> claims = new HashMap<>();
        claims.put(ClaimNames.KIND, principal.kind().wireName());
        if (principal.kind() == PrincipalKind.USER) {
            Map<String, Object> roles = new HashMap<>();
            principal.projectRoles().forEach((project, role) -> roles.put(project, role.wireName()));
            claims.put(ClaimNames.ROLES, roles);
            if (principal.platformAdmin()) {
                claims.put(ClaimNames.PLATFORM_ADMIN, true);
            }
        }
        principal.runScope().ifPresent(scope -> claims.put(ClaimNames.RUN,
                Map.of("run", scope.runId(), "project", scope.project(), "spec", scope.specId())));
        return claims;
    }
}
