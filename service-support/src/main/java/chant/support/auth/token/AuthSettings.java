package chant.support.auth.token;

import chant.support.auth.PrincipalKind;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where tokens come from and what they must say, read from configuration ({@code chant.auth.*},
 * environment {@code CHANT_AUTH_*}; the table is in docs/auth.md):
 * <ul>
 *   <li>{@code source=local} (the default): the platform's own issuer. Its public keys are the JWK
 *       set file {@code jwks-file}, by default {@code <key-dir>/jwks.json}, which the issuing service
 *       writes when it creates its key ({@link chant.support.auth.issuer.LocalIssuer});</li>
 *   <li>{@code source=oidc}: an OpenID Connect provider at {@code issuer}; its keys come from the
 *       {@code jwks_uri} of its discovery document.</li>
 * </ul>
 * Either way the keys are cached and loaded again on an unknown key ID, at most once per
 * {@code jwks-min-refresh-seconds}. With {@code source=oidc} the platform's own issuer
 * ({@code platform-issuer}, its keys in {@code key-dir} or {@code jwks-file}) still signs service and
 * run tokens ({@link #authenticator}).
 */
public record AuthSettings(Source source, String issuer, String audience, Duration clockSkew, ClaimMapping claims,
        String platformIssuer, Optional<Path> keyDirectory, Optional<Path> jwksFile, Duration jwksMinRefresh,
        Duration jwksMaxAge, Duration httpTimeout) {

    public enum Source { LOCAL, OIDC }

    public static final String PREFIX = "chant.auth.";
    public static final String LOCAL_ISSUER = "chant-local";
    public static final String DEFAULT_AUDIENCE = "chant";

    /**
     * The settings that {@code config} (a key's value, if set) gives.
     *
     * @throws IllegalArgumentException naming the key and what it must be
     */
    public static AuthSettings from(Function<String, Optional<String>> config) {
        Function<String, Optional<String>> get = key -> config.apply(PREFIX + key).map(String::strip).filter(v -> !v.isEmpty());
        String sourceName = get.apply("source").orElse("local").toLowerCase(Locale.ROOT);
        Source source = switch (sourceName) {
            case "local" -> Source.LOCAL;
            case "oidc" -> Source.OIDC;
            default -> throw new IllegalArgumentException(PREFIX + "source is '" + sourceName + "': use local or oidc");
        };
        String issuer = get.apply("issuer").orElseGet(() -> {
            if (source == Source.OIDC) {
                throw new IllegalArgumentException(PREFIX + "issuer is not set: with source=oidc give the provider's"
                        + " issuer URL exactly as its tokens name it");
            }
            return LOCAL_ISSUER;
        });
        ClaimMapping local = ClaimMapping.local();
        ClaimMapping claims = new ClaimMapping(
                get.apply("roles-claim").orElse(source == Source.OIDC ? "groups" : local.rolesClaim()),
                get.apply("group-prefix").orElse(local.groupPrefix()),
                get.apply("admin-group").orElse(local.adminGroup()));
        Optional<Path> keyDirectory = get.apply("key-dir").map(Path::of);
        Optional<Path> jwksFile = get.apply("jwks-file").map(Path::of)
                .or(() -> keyDirectory.map(dir -> dir.resolve("jwks.json")));
        if (source == Source.LOCAL && jwksFile.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "key-dir is not set: with source=local name the directory of"
                    + " the local issuer's key (or " + PREFIX + "jwks-file, its public keys)");
        }
        String platformIssuer = source == Source.LOCAL ? issuer : get.apply("platform-issuer").orElse(LOCAL_ISSUER);
        return new AuthSettings(source, issuer, get.apply("audience").orElse(DEFAULT_AUDIENCE),
                seconds(get, "clock-skew-seconds", 30), claims, platformIssuer, keyDirectory, jwksFile,
                seconds(get, "jwks-min-refresh-seconds", 30), seconds(get, "jwks-max-age-seconds", 3600),
                seconds(get, "http-timeout-seconds", 5));
    }

    public VerifierSettings verifierSettings() {
        return new VerifierSettings(issuer, audience, clockSkew, claims);
    }

    /** Where the verifier of {@link #issuer} finds its keys, cached as described above. */
    public KeySource keySource(Clock clock) {
        if (source == Source.OIDC) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(httpTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            return new JwksCache(OidcDiscovery.configurationUri(issuer).toString(),
                    OidcDiscovery.loader(issuer, http, httpTimeout), jwksMinRefresh, jwksMaxAge, clock);
        }
        return platformKeys(clock);
    }

    /** The verifier of {@link #issuer}'s tokens alone. */
    public TokenVerifier verifier(Clock clock) {
        return new TokenVerifier(verifierSettings(), keySource(clock), clock);
    }

    /**
     * What a service checks bearer tokens with. With {@code source=local}, the local issuer's tokens
     * of every kind. With {@code source=oidc}, the provider's tokens for users and services and, when
     * the platform issuer's public keys are configured ({@code key-dir} or {@code jwks-file}), the
     * platform issuer's ({@code platform-issuer}) for services and runs: a run token is always the
     * platform's own, and no user token is.
     */
    public Authenticator authenticator(Clock clock) {
        if (source == Source.LOCAL) {
            return verifier(clock);
        }
        TrustedIssuers.Trust provider = new TrustedIssuers.Trust(verifier(clock), Set.of(PrincipalKind.USER, PrincipalKind.SERVICE));
        if (jwksFile.isEmpty()) {
            return new TrustedIssuers(provider);
        }
        TokenVerifier platform = new TokenVerifier(new VerifierSettings(platformIssuer, audience, clockSkew,
                ClaimMapping.local()), platformKeys(clock), clock);
        return new TrustedIssuers(provider, new TrustedIssuers.Trust(platform, Set.of(PrincipalKind.SERVICE, PrincipalKind.RUN)));
    }

    private KeySource platformKeys(Clock clock) {
        Path file = jwksFile.orElseThrow();
        return new JwksCache(file.toString(), () -> JWKSet.load(file.toFile()), jwksMinRefresh, jwksMaxAge, clock);
    }

    private static Duration seconds(Function<String, Optional<String>> get, String key, long defaultSeconds) {
        String value = get.apply(key).orElse(null);
        if (value == null) {
            return Duration.ofSeconds(defaultSeconds);
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " is '" + value + "': give a whole number of seconds, 0 or more");
        }
    }
}
