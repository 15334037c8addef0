package chant.support.auth.issuer;

import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.auth.token.AuthSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Mints a token with the local issuer's key, on the machine that holds it: the first platform admin's
 * token (before any admin exists who could ask spec-service for one), and the tokens the test
 * command and the demo start with. Whoever can read the key file can sign anything anyway; this
 * only does it correctly. Runs on a service's class path:
 *
 * <pre>
 * java -cp 'spec-service/target/quarkus-app/lib/main/*' chant.support.auth.issuer.MintTokenMain \
 *     --key-dir DIR --user alice [--role demo=approver ...] [--platform-admin] [--ttl 30d]
 * java -cp ... chant.support.auth.issuer.MintTokenMain --key-dir DIR --service merge-service [--ttl 1d]
 * </pre>
 * The token alone goes to standard output (for {@code CHANT_TOKEN=$(...)}); what it is goes to
 * standard error, without the token.
 */
public final class MintTokenMain {

    static final String USAGE = "usage: MintTokenMain --key-dir DIR (--user NAME [--role PROJECT=ROLE ...] [--platform-admin]"
            + " | --service NAME) [--ttl 30d|12h|90m] [--issuer ISSUER] [--audience AUDIENCE]";

    private MintTokenMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        try {
            Map<String, Role> roles = new HashMap<>();
            String keyDir = null;
            String user = null;
            String service = null;
            boolean admin = false;
            Duration ttl = null;
            String issuer = AuthSettings.LOCAL_ISSUER;
            String audience = AuthSettings.DEFAULT_AUDIENCE;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--platform-admin" -> admin = true;
                    case "--key-dir", "--user", "--service", "--role", "--ttl", "--issuer", "--audience" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        String value = args[++i];
                        switch (arg) {
                            case "--key-dir" -> keyDir = value;
                            case "--user" -> user = value;
                            case "--service" -> service = value;
                            case "--ttl" -> ttl = ttl(value);
                            case "--issuer" -> issuer = value;
                            case "--audience" -> audience = value;
                            default -> role(value, roles);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (keyDir == null || (user == null) == (service == null)) {
                throw new IllegalArgumentException("give --key-dir and either --user or --service");
            }
            if (service != null && (admin || !roles.isEmpty())) {
                throw new IllegalArgumentException("a service token has its service's fixed rights: no --role or --platform-admin");
            }
            Principal principal = service != null ? Principal.service(service) : Principal.user(user, roles, admin);
            NewToken request = new NewToken(principal, ttl != null ? ttl : Duration.ofDays(30));
            MintedToken minted = LocalIssuer.open(Path.of(keyDir)).minter(issuer, audience, clock).mint(request);
            out.println(minted.token());
            err.println("minted a token for " + principal.describe() + (admin ? " (platform admin)" : "")
                    + (roles.isEmpty() ? "" : " with roles " + roles) + ", id " + minted.jti() + ", expires " + minted.expiresAt());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | IllegalStateException e) {
            err.println("cannot mint: " + e.getMessage());
            return 1;
        }
    }

    private static void role(String value, Map<String, Role> roles) {
        int equals = value.indexOf('=');
        Role role = equals > 0 ? Role.parse(value.substring(equals + 1)).orElse(null) : null;
        if (role == null) {
            throw new IllegalArgumentException("--role " + value + " is not PROJECT=ROLE with ROLE one of viewer, member,"
                    + " approver, admin");
        }
        roles.put(value.substring(0, equals), role);
    }

    private static Duration ttl(String value) {
        if (value.matches("[1-9][0-9]{0,5}[dhm]")) {
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 'd' -> Duration.ofDays(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        throw new IllegalArgumentException("--ttl " + value + " is not a duration such as 30d, 12h or 90m");
    }
}
