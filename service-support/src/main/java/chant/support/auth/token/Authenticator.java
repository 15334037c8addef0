package chant.support.auth.token;

import chant.support.auth.Principal;

/** Says who a bearer token stands for, or why it proves nothing. */
public interface Authenticator {

    /**
     * @throws TokenRejectedException                    (UNAUTHENTICATED) saying why, never quoting the token
     * @throws chant.support.failure.UnavailableException when the issuer's keys cannot be obtained right now
     */
    Principal verify(String token);
}
