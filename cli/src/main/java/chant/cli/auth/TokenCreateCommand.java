package chant.cli.auth;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.config.ClientConfig;
import chant.cli.config.ConfigFile;
import chant.cli.config.Token;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.CreateTokenRequest;
import chant.v1.CreateTokenResponse;
import chant.v1.ProjectGrant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chant token create}: mints a token with spec-service's local issuer (CreateToken, a
 * platform admin's call). The token is a secret shown once: it goes to standard output alone (so
 * that {@code export CHANT_TOKEN=$(chant token create ...)} works) and what it is to standard
 * error; with {@code --save} it goes only into the config file (mode 0600), never to the terminal.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Make a token for a user (or with --service a service identity). Prints it once on "
                + "standard output; --save writes it to the config file (mode 0600) instead. Needs a platform admin.")
public final class TokenCreateCommand extends ClientCommand {
    private static final Pattern TTL = Pattern.compile("(\\d{1,9})\\s*([dhms])");

    @Option(names = "--user", paramLabel = "NAME", required = true,
            description = "The token's subject: who it stands for (recorded as author, approver, requester).")
    String user;

    @Option(names = "--role", paramLabel = "PROJECT=ROLE",
            description = "A role the token carries in a project (viewer, member, approver, admin); repeatable. "
                    + "Stored grants (chant project members) add to it.")
    List<String> roles = new ArrayList<>();

    @Option(names = "--platform-admin", description = "Every role in every project, and the admin commands.")
    boolean platformAdmin;

    @Option(names = "--service", description = "A service identity with fixed rights instead of a user "
            + "(no --role, no --platform-admin).")
    boolean service;

    @Option(names = "--ttl", paramLabel = "DURATION",
            description = "How long the token is valid: 30d, 12h, 90m or 45s (else spec-service's default, 30 days; "
                    + "at most 366 days).")
    String ttl;

    @Option(names = "--save", description = "Write the token to the config file (token=, mode 0600) instead of "
            + "printing it.")
    boolean save;

    @Override
    protected int run(Connection connection) {
        CreateTokenRequest.Builder request = CreateTokenRequest.newBuilder().setSubject(user.strip())
                .setService(service).setPlatformAdmin(platformAdmin);
        if (service && (platformAdmin || !roles.isEmpty())) {
            throw new CliException(ExitCodes.USAGE, "--service makes a service identity with fixed rights: "
                    + "leave out --role and --platform-admin");
        }
        for (String role : roles) {
            Roles.Assignment grant = Roles.assignment(role, "--role", "PROJECT");
            request.addRoles(ProjectGrant.newBuilder().setProject(grant.name()).setRole(grant.role()));
        }
        if (ttl != null) {
            request.setTtlSeconds(ttlSeconds(ttl));
        }
        // Known before the call, so that a token is never minted with nowhere to put it.
        Path configPath = save ? configPath() : null;
        if (configPath != null) {
            ConfigFile.checkWritable(configPath);
        }
        CreateTokenResponse response = connection.auth().createToken(request.build());
        String what = (service ? "service " : "user ") + request.getSubject() + describe(request)
                + ", expires " + Times.instant(response.getExpireTime());
        if (save) {
            ConfigFile.set(configPath, ClientConfig.TOKEN_KEY, response.getToken());
            out().println("Saved the token of " + what + " to " + configPath + " (token=, mode 0600).");
            String before = connection.config().token()
                    .filter(token -> !token.source().startsWith(ClientConfig.TOKEN_KEY + " in the config file"))
                    .map(Token::source).orElse(null);
            if (before != null) {
                err().println("chant: note: " + before + " is used before the config file's token; unset it to use "
                        + "the saved one.");
            }
        } else {
            out().println(response.getToken());
            err().println("Token of " + what + " (id " + response.getTokenId() + "). It is shown once: keep it secret.");
        }
        return ExitCodes.OK;
    }

    private Path configPath() {
        return context().settings().configPath().orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "--save: there is no config file to write (set CHANT_CONFIG)"));
    }

    private static String describe(chant.v1.CreateTokenRequestOrBuilder request) {
        List<String> parts = new ArrayList<>();
        if (request.getPlatformAdmin()) {
            parts.add("platform admin");
        }
        request.getRolesList().forEach(grant -> parts.add(grant.getProject() + ": " + Roles.name(grant.getRole())));
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} in seconds; a usage error otherwise. */
    static long ttlSeconds(String text) {
        Matcher matcher = TTL.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new CliException(ExitCodes.USAGE, "--ttl takes a number more than 0 and a unit: 30d, 12h, 90m or "
                    + "45s, not '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "d" -> amount * 86_400;
            case "h" -> amount * 3_600;
            case "m" -> amount * 60;
            default -> amount;
        };
    }
}
