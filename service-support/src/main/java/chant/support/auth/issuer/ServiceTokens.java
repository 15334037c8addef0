package chant.support.auth.issuer;

import chant.support.auth.Principal;
import chant.support.auth.token.AuthSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The token a service sends when it calls another service (its own identity; the end user it acts
 * for goes beside it, per call). Two sources, in this order:
 *
 * <ol>
 *   <li>{@code chant.auth.service-token-file}: a file holding the token (minted with
 *       {@code MintTokenMain --service NAME}, or a Kubernetes Secret). It is read again whenever it
 *       changes, so a renewed Secret is picked up without a restart.</li>
 *   <li>{@code chant.auth.key-dir} with the local issuer's private key (one machine: the demo, the
 *       test command): the service mints its own token, valid an hour, and a new one once half of
 *       that has passed.</li>
 * </ol>
 *
 * <p>The token is never logged: {@link #toString()} names only where it comes from.
 */
public final class ServiceTokens implements Supplier<String> {

    public static final String TOKEN_FILE_KEY = AuthSettings.PREFIX + "service-token-file";
    static final Duration SELF_MINTED_TTL = Duration.ofHours(1);

    private final String service;
    private final Optional<Path> tokenFile;
    private final Optional<TokenMinter> minter;
    private final Clock clock;

    private String token;
    private Instant renewAt = Instant.MIN;
    private FileTime fileTime;

    private ServiceTokens(String service, Optional<Path> tokenFile, Optional<TokenMinter> minter, Clock clock) {
        this.service = service;
        this.tokenFile = tokenFile;
        this.minter = minter;
        this.clock = clock;
    }

    /**
     * The source the configuration names ({@code config} gives a key's value, if set).
     *
     * @throws IllegalArgumentException when neither a token file nor the local issuer's key
     *                                  directory is configured, saying what to set
     */
    public static ServiceTokens from(Function<String, Optional<String>> config, String service, Clock clock) {
        Objects.requireNonNull(service, "service");
        Optional<Path> file = config.apply(TOKEN_FILE_KEY).map(String::strip).filter(v -> !v.isEmpty()).map(Path::of);
        if (file.isPresent()) {
            return new ServiceTokens(service, file, Optional.empty(), clock);
        }
        AuthSettings settings = AuthSettings.from(config);
        Path keyDir = settings.keyDirectory().orElseThrow(() -> new IllegalArgumentException(service
                + " has no token to call the other services with: set " + TOKEN_FILE_KEY + " (a token minted with"
                + " MintTokenMain --service " + service + ") or " + AuthSettings.PREFIX + "key-dir (the local issuer's key)"));
        try {
            TokenMinter minter = LocalIssuer.open(keyDir).minter(settings.platformIssuer(), settings.audience(), clock);
            return new ServiceTokens(service, Optional.empty(), Optional.of(minter), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the local issuer's key in " + keyDir + ": " + e.getMessage(), e);
        }
    }

    /** The service's current token. */
    @Override
    public synchronized String get() {
        if (tokenFile.isPresent()) {
            return fromFile(tokenFile.get());
        }
        Instant now = clock.instant();
        if (token == null || !now.isBefore(renewAt)) {
            MintedToken minted = minter.orElseThrow().mint(new NewToken(Principal.service(service), SELF_MINTED_TTL));
            token = minted.token();
            renewAt = now.plus(SELF_MINTED_TTL.dividedBy(2));
        }
        return token;
    }

    private String fromFile(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (token == null || !modified.equals(fileTime)) {
                String read = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (read.isEmpty()) {
                    throw new IllegalStateException(TOKEN_FILE_KEY + " " + file + " is empty: write " + service
                            + "'s token into it");
                }
                token = read;
                fileTime = modified;
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + service + "'s token from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ServiceTokens[" + service + ", " + tokenFile.map(f -> "file " + f).orElse("minted locally") + "]";
    }
}
