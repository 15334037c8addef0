package chant.support.auth.issuer;

import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.auth.RunScope;
import chant.support.auth.token.AuthSettings;
import chant.support.auth.token.TokenVerifier;
import chant.support.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalIssuerTest {

    @TempDir
    Path temp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));

    @Test
    void theFirstStartCreatesAKeyOnlyItsOwnerCanRead() throws IOException {
        Path dir = temp.resolve("auth");
        LocalIssuer issuer = LocalIssuer.open(dir);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(LocalIssuer.SIGNING_KEY_FILE))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(LocalIssuer.publicKeysFile(dir))));
        String publicKeys = Files.readString(LocalIssuer.publicKeysFile(dir));
        assertTrue(publicKeys.contains(issuer.keyId()), publicKeys);
        assertFalse(publicKeys.contains("\"d\""), "the public file holds no private part: " + publicKeys);
        assertFalse(issuer.toString().contains(privatePart(dir)), "toString never shows the key");
        assertEquals(List.of("jwks.json", "signing-key.jwk"), names(dir), "no temporary files are left behind");
    }

    @Test
    void laterStartsKeepTheKey() throws IOException {
        Path dir = temp.resolve("auth");
        String kid = LocalIssuer.open(dir).keyId();
        assertEquals(kid, LocalIssuer.open(dir).keyId());
    }

    @Test
    void mintedTokensVerifyFromThePublicKeyFile() throws IOException {
        Path dir = temp.resolve("auth");
        LocalIssuer issuer = LocalIssuer.open(dir);
        TokenVerifier verifier = AuthSettings.from(key -> Optional.ofNullable(
                Map.of("chant.auth.key-dir", dir.toString()).get(key))).verifier(clock);
        var minter = issuer.minter(AuthSettings.LOCAL_ISSUER, AuthSettings.DEFAULT_AUDIENCE, clock);

        MintedToken minted = minter.mint(new NewToken(Principal.user("alice", Map.of("demo", Role.MEMBER), false),
                Duration.ofDays(30)));
        Principal alice = verifier.verify(minted.token());
        assertEquals("alice", alice.subject());
        assertEquals(Map.of("demo", Role.MEMBER), alice.projectRoles());
        assertEquals(Optional.of(minted.jti()), alice.tokenId());
        assertEquals(Instant.parse("2027-01-03T08:00:00Z"), minted.expiresAt());
        assertFalse(minted.toString().contains(minted.token()), "a minted token prints without the token");

        RunScope scope = new RunScope("r-1", "demo", "2026-12-04-001-abc");
        String runToken = minter.mint(new NewToken(Principal.run("run:r-1", scope), Duration.ofMinutes(30))).token();
        assertEquals(Optional.of(scope), verifier.verify(runToken).runScope());
    }

    @Test
    void lifetimesAreBounded() {
        Principal run = Principal.run("run:r-1", new RunScope("r-1", "demo", "s"));
        assertThrows(IllegalArgumentException.class, () -> new NewToken(run, Duration.ofDays(2)));
        assertThrows(IllegalArgumentException.class, () -> new NewToken(Principal.service("x"), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new NewToken(Principal.service("x").actingFor("alice"), Duration.ofHours(1)));
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws IOException {
        Path dir = temp.resolve("auth");
        LocalIssuer.open(dir);
        Files.setPosixFilePermissions(dir.resolve(LocalIssuer.SIGNING_KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalIssuer.open(dir));
        assertTrue(e.getMessage().contains("may be read by others (rw-r--r--): run chmod 600"), e.getMessage());
    }

    @Test
    void aDamagedKeyFileIsRefusedWithoutQuotingIt() throws IOException {
        Path dir = temp.resolve("auth");
        LocalIssuer.open(dir);
        Path keyFile = dir.resolve(LocalIssuer.SIGNING_KEY_FILE);
        String damaged = Files.readString(keyFile).replace("\"EC\"", "\"oct\"");
        Files.writeString(keyFile, damaged);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalIssuer.open(dir));
        assertTrue(e.getMessage().contains("is not a private EC P-256 JWK"), e.getMessage());
        assertFalse(e.getMessage().contains(privatePart(damaged)), e.getMessage());
    }

    @Test
    void threadsStartingAtOnceAgreeOnOneKey() throws Exception {
        Path dir = temp.resolve("auth");
        int threads = 8;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> kids = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                kids.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return LocalIssuer.open(dir).keyId();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> kid : kids) {
                distinct.add(kid.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), "every thread uses the same key: " + distinct);
            assertEquals(LocalIssuer.open(dir).keyId(), distinct.iterator().next());
            assertEquals(List.of("jwks.json", "signing-key.jwk"), names(dir));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void processesStartingAtOnceAgreeOnOneKey() throws Exception {
        Path dir = temp.resolve("auth");
        Path start = temp.resolve("start");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    KeyRaceMain.class.getName(), dir.toString(), start.toString())
                    .redirectErrorStream(true).start());
        }
        Files.createFile(start);
        Set<String> kids = new HashSet<>();
        for (Process process : processes) {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process ends");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.startsWith("kid="), output);
            kids.add(output);
        }
        assertEquals(Set.of("kid=" + LocalIssuer.open(dir).keyId()), kids, "every process uses the one key kept");
        assertEquals(List.of("jwks.json", "signing-key.jwk"), names(dir));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(LocalIssuer.SIGNING_KEY_FILE))));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static String privatePart(Path dir) throws IOException {
        return privatePart(Files.readString(dir.resolve(LocalIssuer.SIGNING_KEY_FILE)));
    }

    /** The value of the JWK's private member {@code d}. */
    private static String privatePart(String jwk) {
        int start = jwk.indexOf("\"d\":\"") + 5;
        return jwk.substring(start, jwk.indexOf('"', start));
    }
}
