package chant.spec.auth;

import chant.support.auth.PrincipalKind;
import chant.support.auth.issuer.LocalIssuer;
import chant.support.auth.issuer.NewToken;
import chant.support.auth.Principal;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** spec-service's authentication settings: no start without them, and the local issuer it holds. */
class AuthSetupTest {

    @TempDir
    Path directory;

    private static AuthSetup setup(Map<String, String> properties) {
        AuthSetup setup = new AuthSetup();
        setup.config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        setup.clock = Clock.systemUTC();
        return setup;
    }

    @Test
    void withoutAuthenticationSettingsTheServiceDoesNotStartAndSaysWhatToSet() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> setup(Map.of()).settings());

        assertTrue(refused.getMessage().contains("chant.auth.key-dir is not set"), refused.getMessage());
    }

    @Test
    void theKeyDirectoryGivesTheLocalIssuerWhoseTokensTheServiceAccepts() throws Exception {
        Path keys = directory.resolve("keys");
        AuthSetup setup = setup(Map.of("chant.auth.key-dir", keys.toString()));

        String token = setup.minter().orElseThrow()
                .mint(new NewToken(Principal.service("agent-service"), Duration.ofMinutes(5))).token();

        assertEquals(PrincipalKind.SERVICE, setup.authenticator().verify(token).kind());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve(LocalIssuer.SIGNING_KEY_FILE))));
    }

    @Test
    void withOnlyThePublicKeysTheServiceVerifiesButMintsNothing() throws Exception {
        LocalIssuer.open(directory.resolve("keys"));
        AuthSetup setup = setup(Map.of("chant.auth.jwks-file", LocalIssuer.publicKeysFile(directory.resolve("keys")).toString()));

        assertTrue(setup.minter().isEmpty());
    }
}
