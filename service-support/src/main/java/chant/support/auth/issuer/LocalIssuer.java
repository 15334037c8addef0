package chant.support.auth.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * The platform's own token issuer, for machines without an OpenID Connect provider: one ES256 key
 * pair in a directory, created on first start.
 *
 * <ul>
 *   <li>{@value #SIGNING_KEY_FILE} holds the private key (a JWK), mode 0600 in a 0700 directory. It is
 *       written to a temporary file created 0600 (never readable by others, not even for a moment),
 *       synced, and then hard-linked to its name, which fails if the name exists: of two processes
 *       starting at once exactly one key is kept, and the other process reads it. A key file that
 *       group or others may read is refused at start.</li>
 *   <li>{@value #PUBLIC_KEYS_FILE} holds the public key as a JWK set (mode 0644), for the services on
 *       the same machine that verify tokens without holding the private key (see docs/auth.md).</li>
 * </ul>
 * Nothing here logs or prints the private key: {@link #toString()} names the directory and key ID.
 */
public final class LocalIssuer {

    public static final String SIGNING_KEY_FILE = "signing-key.jwk";
    public static final String PUBLIC_KEYS_FILE = "jwks.json";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private final Path directory;
    private final ECKey key;

    private LocalIssuer(Path directory, ECKey key) {
        this.directory = directory;
        this.key = key;
    }

    /**
     * The issuer whose key lies in {@code directory}, creating the directory and the key pair when
     * there are none yet.
     *
     * @throws IOException           when the directory or the files cannot be created or read
     * @throws IllegalStateException when the key file is readable by others or is not a private EC P-256 JWK
     */
    public static LocalIssuer open(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
        Path keyFile = dir.resolve(SIGNING_KEY_FILE);
        ECKey key = Files.exists(keyFile) ? read(keyFile) : create(dir, keyFile);
        LocalIssuer issuer = new LocalIssuer(dir, key);
        issuer.writePublicKeys();
        return issuer;
    }

    /** Where the public keys of the issuer keeping its key in {@code directory} are. */
    public static Path publicKeysFile(Path directory) {
        return directory.toAbsolutePath().resolve(PUBLIC_KEYS_FILE);
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The public key, as a JWK set: what verifiers need, and what may be served or shared. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /** A minter signing with this issuer's key, naming {@code issuer} and {@code audience} in its tokens. */
    public TokenMinter minter(String issuer, String audience, Clock clock) {
        return new TokenMinter(key, issuer, audience, clock);
    }

    @Override
    public String toString() {
        return "LocalIssuer[" + directory + ", kid=" + key.getKeyID() + "]";
    }

    private static ECKey create(Path dir, Path keyFile) throws IOException {
        ECKey generated;
        try {
            generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key pair: " + e.getMessage(), e);
        }
        Path temporary = dir.resolve("." + SIGNING_KEY_FILE + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(generated.toJSONString().getBytes(StandardCharsets.UTF_8)));
                out.force(true);
            }
            try {
                Files.createLink(keyFile, temporary);
                syncDirectory(dir);
                return generated;
            } catch (FileAlreadyExistsException another) {
                return read(keyFile); // another process created the key first: use that one
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static ECKey read(Path keyFile) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IllegalStateException("the signing key " + keyFile + " may be read by others ("
                    + PosixFilePermissions.toString(permissions) + "): run chmod 600 on it, and make a new key"
                    + " (remove it) if someone else may have read it");
        }
        String text = Files.readString(keyFile, StandardCharsets.UTF_8);
        try {
            if (JWK.parse(text) instanceof ECKey ec && ec.isPrivate() && Curve.P_256.equals(ec.getCurve())
                    && ec.getKeyID() != null) {
                return ec;
            }
        } catch (ParseException e) {
            // reported below, without the file's content
        }
        throw new IllegalStateException("the signing key " + keyFile + " is not a private EC P-256 JWK with a key ID:"
                + " remove it to have a new key made (tokens signed with the old one stop working)");
    }

    /**
     * Writes the public keys next to the private one (temporary file, then an atomic rename), so that
     * readers never see half a file; two processes write the same content.
     */
    private void writePublicKeys() throws IOException {
        Path target = publicKeysFile(directory);
        String content = publicKeys().toString();
        if (Files.isRegularFile(target) && Files.readString(target, StandardCharsets.UTF_8).equals(content)) {
            return; // as it should be; the directory may be read-only (a mounted Kubernetes Secret)
        }
        Path temporary = directory.resolve("." + PUBLIC_KEYS_FILE + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PUBLIC));
            Files.setPosixFilePermissions(temporary, PUBLIC); // the umask may have taken bits away
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be synced; the link is still atomic.
        }
    }
}
