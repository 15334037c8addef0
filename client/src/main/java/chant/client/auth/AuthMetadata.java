package chant.client.auth;

import io.grpc.Metadata;

/**
 * The metadata entries of authentication, defined once for clients and services:
 * {@code authorization: Bearer <jwt>} on every call, and {@code chant-on-behalf-of} when a service
 * calling another service passes on the end user it acts for (percent-encoded UTF-8, as
 * {@link SubjectEncoding#encode} writes it). Only a service's token may assert it.
 */
public final class AuthMetadata {

    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> ON_BEHALF_OF = Metadata.Key.of("chant-on-behalf-of", Metadata.ASCII_STRING_MARSHALLER);

    /** The scheme, compared without regard to case as HTTP does. */
    public static final String BEARER = "Bearer";

    private AuthMetadata() {
    }

    /** The {@code authorization} value carrying {@code token}. */
    public static String bearer(String token) {
        return BEARER + " " + token;
    }
}
