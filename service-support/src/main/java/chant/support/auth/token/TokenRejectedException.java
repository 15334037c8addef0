package chant.support.auth.token;

import chant.support.failure.UnauthenticatedException;

/**
 * A bearer token that proves nothing: reported as UNAUTHENTICATED with a message that says what was
 * wrong with it and what to do, and never the token itself (a message can end up in a log or a
 * transcript).
 */
public class TokenRejectedException extends UnauthenticatedException {

    /** Why a token was refused; tests and logs tell the cases apart by it. */
    public enum Reason {
        MISSING, MALFORMED, ALG_NONE, ALG_NOT_ACCEPTED, UNKNOWN_KEY, BAD_SIGNATURE, WRONG_ISSUER, WRONG_AUDIENCE,
        EXPIRED, NOT_YET_VALID, BAD_CLAIMS
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
