package chant.cli.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tokens for the end-to-end tests, minted the way an operator mints the first admin token: with
 * {@code MintTokenMain} from the packaged spec-service's libraries, in a separate process, on the
 * key directory the service is started with ({@code CHANT_AUTH_KEY_DIR}).
 */
final class MintedTokens {
    /**
     * The key directory of the local issuer shared by the service under test and these tokens: the
     * module's {@code target/test-auth-keys}, where {@code TestTokens.shared()} keeps its key too.
     */
    static final Path KEY_DIR = Path.of("target", "test-auth-keys").toAbsolutePath();

    private MintedTokens() {
    }

    /** A platform admin token for {@code user} (so that it may create projects and approve others' specs). */
    static String platformAdmin(String user) throws IOException, InterruptedException {
        Path lib = Path.of("..", "spec-service", "target", "quarkus-app", "lib", "main").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", lib + "/*", "chant.support.auth.issuer.MintTokenMain", "--key-dir", KEY_DIR.toString(),
                "--user", user, "--platform-admin", "--ttl", "1d"));
        Path out = Files.createTempFile("mint-out", ".txt");
        Path err = Files.createTempFile("mint-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("MintTokenMain failed: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        String token = Files.readString(out, StandardCharsets.UTF_8).strip();
        Files.delete(out);
        Files.delete(err);
        return token;
    }
}
