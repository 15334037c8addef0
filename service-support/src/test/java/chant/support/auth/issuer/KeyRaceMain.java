package chant.support.auth.issuer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One of several processes starting at once on an empty key directory (LocalIssuerTest): waits until
 * the test creates the start file, so that all of them open the issuer at the same moment, then
 * prints the key ID it ends up with.
 */
public final class KeyRaceMain {

    private KeyRaceMain() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        Path start = Path.of(args[1]);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(start)) {
            if (Instant.now().isAfter(deadline)) {
                System.exit(2);
            }
            Thread.onSpinWait();
        }
        System.out.println("kid=" + LocalIssuer.open(directory).keyId());
    }
}
