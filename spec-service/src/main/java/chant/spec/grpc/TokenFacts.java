package chant.spec.grpc;

import chant.client.auth.AuthMetadata;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.grpc.Context;
import io.grpc.Metadata;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;

/**
 * The expiry and issuer of the token of a WhoAmI call, which the principal does not carry. Read from
 * the token that {@link SpecAuthInterceptor} verified before the call reached the service (a call with
 * a token it refused never gets here), so the claims are the verified ones. Never holds the token.
 */
record TokenFacts(Optional<Instant> expiresAt, String issuer) {

    private static final Context.Key<TokenFacts> KEY = Context.key("chant-token-facts");

    private static final TokenFacts NONE = new TokenFacts(Optional.empty(), "");

    static Context with(Context context, Metadata headers) {
        return context.withValue(KEY, of(headers));
    }

    /** The facts of the current call's token; none outside a WhoAmI call. */
    static TokenFacts current() {
        TokenFacts facts = KEY.get();
        return facts == null ? NONE : facts;
    }

    private static TokenFacts of(Metadata headers) {
        String value = headers.get(AuthMetadata.AUTHORIZATION);
        String scheme = AuthMetadata.BEARER.toLowerCase(Locale.ROOT) + " ";
        if (value == null || !value.toLowerCase(Locale.ROOT).startsWith(scheme)) {
            return NONE;
        }
        try {
            JWTClaimsSet claims = JWTParser.parse(value.substring(scheme.length()).strip()).getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            return new TokenFacts(Optional.ofNullable(expiry).map(Date::toInstant),
                    claims.getIssuer() == null ? "" : claims.getIssuer());
        } catch (java.text.ParseException | RuntimeException e) {
            return NONE; // the verifier says what is wrong with such a token
        }
    }
}
