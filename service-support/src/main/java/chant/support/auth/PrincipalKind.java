package chant.support.auth;

import java.util.Locale;
import java.util.Optional;

/** Who stands behind a token. */
public enum PrincipalKind {
    /** A person, through the CLI or another client: rights from their roles per project. */
    USER,
    /** One of the platform's services (or an integration given a service identity): fixed rights. */
    SERVICE,
    /** The runner of one run (a local runner process or a Kubernetes Job): that run and its spec only. */
    RUN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PrincipalKind> parse(String name) {
        for (PrincipalKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
