package chant.support.auth.token;

import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.token.TokenRejectedException.Reason;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * More than one issuer, each trusted for some kinds of principal: with an OpenID Connect provider
 * the people sign in there, while the platform's own issuer still signs the service and run tokens
 * (an identity provider cannot mint a token scoped to one run). The token's {@code iss}, read before
 * anything is verified, only chooses which issuer's verifier checks it; that verifier then checks
 * the signature and the issuer again.
 */
public final class TrustedIssuers implements Authenticator {

    /** An issuer's verifier and the kinds of principal its tokens may stand for. */
    public record Trust(TokenVerifier verifier, Set<PrincipalKind> kinds) {
        public Trust {
            kinds = Set.copyOf(kinds);
        }
    }

    private final Map<String, Trust> byIssuer = new LinkedHashMap<>();
    private final Trust primary;

    /** @param primary the issuer whose messages a token that names no known issuer gets */
    public TrustedIssuers(Trust primary, Trust... others) {
        this.primary = primary;
        byIssuer.put(primary.verifier().settings().issuer(), primary);
        for (Trust other : others) {
            if (byIssuer.putIfAbsent(other.verifier().settings().issuer(), other) != null) {
                throw new IllegalArgumentException("the issuer " + other.verifier().settings().issuer() + " is trusted twice");
            }
        }
    }

    @Override
    public Principal verify(String token) {
        Trust trust = chosen(token);
        Principal principal = trust.verifier().verify(token);
        if (!trust.kinds().contains(principal.kind())) {
            throw new TokenRejectedException(Reason.WRONG_ISSUER, "a " + principal.kind().wireName() + " token of '"
                    + trust.verifier().settings().issuer() + "' is not accepted here: " + accepted(principal.kind()));
        }
        return principal;
    }

    private Trust chosen(String token) {
        String issuer = null;
        try {
            JWT jwt = token == null || token.length() > TokenVerifier.MAX_TOKEN_CHARS ? null : JWTParser.parse(token);
            if (jwt instanceof SignedJWT signed) {
                issuer = signed.getJWTClaimsSet().getIssuer();
            }
        } catch (ParseException e) {
            // the primary verifier says what is wrong with it
        }
        if (issuer == null) {
            return primary;
        }
        Trust trust = byIssuer.get(issuer);
        if (trust == null) {
            throw new TokenRejectedException(Reason.WRONG_ISSUER, "the token was issued by '" + issuer
                    + "', but this service accepts tokens of " + byIssuer.keySet().stream().map(i -> "'" + i + "'")
                    .collect(Collectors.joining(" and ")) + " only");
        }
        return trust;
    }

    private String accepted(PrincipalKind kind) {
        return byIssuer.entrySet().stream().filter(entry -> entry.getValue().kinds().contains(kind))
                .map(entry -> kind.wireName() + " tokens come from '" + entry.getKey() + "'")
                .findFirst().orElse("no issuer is trusted for " + kind.wireName() + " tokens");
    }
}
