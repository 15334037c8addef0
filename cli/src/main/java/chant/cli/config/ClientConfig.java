package chant.cli.config;

import java.util.Optional;

/**
 * The resolved connection settings of one command: each comes from the flag, else the
 * environment, else the config file, else a default.
 *
 * @param project the project named by flag, environment or file; empty when none was, in
 *                which case commands fall back to the server's only project
 */
public record ClientConfig(ServerAddress server, String user, Optional<String> project) {
    public static final String SERVER_ENV = "CHANT_SERVER";
    public static final String PROJECT_ENV = "CHANT_PROJECT";
    public static final String USER_ENV = "CHANT_USER";

    public static ClientConfig resolve(GlobalOptions flags, Settings settings) {
        ServerAddress server = ServerAddress.parse(
                settings.lookup(flags.server(), SERVER_ENV, "server").orElse(ServerAddress.DEFAULT));
        String user = settings.lookup(flags.user(), USER_ENV, "user").orElse(settings.osUser());
        Optional<String> project = settings.lookup(flags.project(), PROJECT_ENV, "project");
        return new ClientConfig(server, user, project);
    }
}
