package chant.support.auth.issuer;

import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.Role;
import chant.support.auth.token.AuthSettings;
import chant.support.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MintTokenMainTest {

    @TempDir
    Path keys;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void mintsTheFirstAdminsToken() {
        assertEquals(0, run("--key-dir", keys.toString(), "--user", "root", "--platform-admin", "--role", "demo=approver",
                "--ttl", "12h"));
        String token = out.toString(StandardCharsets.UTF_8).strip();
        Principal root = AuthSettings.from(key -> Optional.ofNullable(Map.of("chant.auth.key-dir", keys.toString()).get(key)))
                .verifier(clock).verify(token);
        assertEquals("root", root.subject());
        assertTrue(root.platformAdmin());
        assertEquals(Map.of("demo", Role.APPROVER), root.projectRoles());
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("expires 2026-12-04T20:00:00Z"), said);
        assertFalse(said.contains(token), "standard error never shows the token");
    }

    @Test
    void mintsAServiceToken() {
        assertEquals(0, run("--key-dir", keys.toString(), "--service", "merge-service"));
        Principal merge = AuthSettings.from(key -> Optional.ofNullable(Map.of("chant.auth.key-dir", keys.toString()).get(key)))
                .verifier(clock).verify(out.toString(StandardCharsets.UTF_8).strip());
        assertEquals(PrincipalKind.SERVICE, merge.kind());
    }

    @Test
    void mistakesAreSaidWithTheUsage() {
        assertEquals(2, run("--key-dir", keys.toString(), "--user", "a", "--role", "demo=owner"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--role demo=owner is not PROJECT=ROLE"), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return MintTokenMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }
}
