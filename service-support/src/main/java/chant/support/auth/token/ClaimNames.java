package chant.support.auth.token;

/** The claims the platform reads and its local issuer writes, beside the registered ones (iss, sub, aud, exp, ...). */
public final class ClaimNames {

    /** {@code user}, {@code service} or {@code run}; a token without it is a user's (as an OIDC provider's are). */
    public static final String KIND = "chant_kind";
    /** The local issuer's roles: a JSON object from project name to role, {@code {"demo": "approver"}}. */
    public static final String ROLES = "chant_roles";
    /** {@code true} for a platform admin. */
    public static final String PLATFORM_ADMIN = "chant_admin";
    /** A runner's scope: {@code {"run": "...", "project": "...", "spec": "..."}}. */
    public static final String RUN = "chant_run";

    private ClaimNames() {
    }
}
