package chant.support.auth.token;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

/**
 * An OpenID Connect provider's signing keys, found as its discovery document says:
 * {@code <issuer>/.well-known/openid-configuration} names the {@code jwks_uri}, which serves the
 * JWKS. The document must name the configured issuer exactly, and both addresses must be HTTPS
 * unless they are on the loopback interface (a provider on the same machine, and the tests): keys
 * fetched in the clear from elsewhere would let anyone on the way sign tokens.
 */
public final class OidcDiscovery {

    /** More than any provider's discovery document or key set; a longer answer is refused, not read. */
    static final int MAX_BYTES = 1 << 20;

    private OidcDiscovery() {
    }

    /** The discovery document's address for {@code issuer}. */
    public static URI configurationUri(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    /** A loader for {@link JwksCache} that asks the provider each time it is called. */
    public static JwksCache.Loader loader(String issuer, HttpClient http, Duration timeout) {
        URI configuration = configurationUri(issuer);
        requireSafe(configuration, "issuer");
        return () -> {
            Map<String, Object> document = JSONObjectUtils.parse(get(http, configuration, timeout));
            String named = JSONObjectUtils.getString(document, "issuer");
            if (!issuer.equals(named)) {
                throw new IOException(configuration + " names the issuer '" + named + "', not '" + issuer
                        + "': configure the issuer exactly as the provider names it");
            }
            String jwks = JSONObjectUtils.getString(document, "jwks_uri");
            if (jwks == null || jwks.isBlank()) {
                throw new IOException(configuration + " names no jwks_uri");
            }
            URI jwksUri = URI.create(jwks);
            requireSafe(jwksUri, "jwks_uri");
            try {
                return JWKSet.parse(get(http, jwksUri, timeout));
            } catch (ParseException e) {
                throw new IOException(jwksUri + " is not a JWK set: " + e.getMessage(), e);
            }
        };
    }

    private static String get(HttpClient http, URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException(uri + " answered more than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static void requireSafe(URI uri, String what) {
        if ("https".equals(uri.getScheme())) {
            return;
        }
        if ("http".equals(uri.getScheme()) && loopback(uri.getHost())) {
            return;
        }
        throw new IllegalArgumentException("the " + what + " " + uri + " is neither HTTPS nor on the loopback interface:"
                + " signing keys must not travel in the clear");
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            // Only literal addresses are judged: a name would need a lookup that could say anything.
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")
                    && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
