package chant.client.auth;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Sends a bearer token on every call of a stub ({@code stub.withCallCredentials(...)}): the CLI's
 * token (its config file or {@code CHANT_TOKEN}), or a service's own token with the end user it acts
 * for. The token is asked of the supplier on each call, so a service can renew its token before it
 * expires without rebuilding stubs.
 *
 * <p>The credentials are applied on plaintext channels too: the platform's services talk plaintext on
 * loopback and trusted networks ({@code Channels.plaintext}). Anywhere else use TLS, or the token can
 * be read on the way.
 */
public final class BearerCredentials extends CallCredentials {

    private final Supplier<String> token;
    private final Optional<String> onBehalfOf;

    private BearerCredentials(Supplier<String> token, Optional<String> onBehalfOf) {
        this.token = Objects.requireNonNull(token, "token");
        this.onBehalfOf = onBehalfOf;
    }

    /** A fixed token (the CLI's). */
    public static BearerCredentials of(String token) {
        Objects.requireNonNull(token, "token");
        return new BearerCredentials(() -> token, Optional.empty());
    }

    /** A token read on every call (a service's, renewed before it expires). */
    public static BearerCredentials from(Supplier<String> token) {
        return new BearerCredentials(token, Optional.empty());
    }

    /** These credentials passing on {@code user} as the end user of the calls (services only). */
    public BearerCredentials onBehalfOf(String user) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("on-behalf-of names the end user's subject");
        }
        return new BearerCredentials(token, Optional.of(user));
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        String value;
        try {
            value = token.get();
        } catch (RuntimeException e) {
            applier.fail(Status.UNAUTHENTICATED.withDescription("no token to send: " + e.getMessage()).withCause(e));
            return;
        }
        if (value == null || value.isBlank()) {
            applier.fail(Status.UNAUTHENTICATED.withDescription(
                    "no token to send: set CHANT_TOKEN or token in the config file (chant token create makes one)"));
            return;
        }
        Metadata headers = new Metadata();
        headers.put(AuthMetadata.AUTHORIZATION, AuthMetadata.bearer(value.strip()));
        onBehalfOf.ifPresent(user -> headers.put(AuthMetadata.ON_BEHALF_OF, SubjectEncoding.encode(user)));
        applier.apply(headers);
    }

    @Override
    public String toString() {
        return "BearerCredentials[token=[secret]" + onBehalfOf.map(u -> ", onBehalfOf=" + u).orElse("") + "]";
    }
}
