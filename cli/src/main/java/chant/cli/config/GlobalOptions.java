package chant.cli.config;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes. Mixed into the root command with inherited scope, so they can
 * be given before or after the subcommand name and always land in this one instance.
 */
public final class GlobalOptions {

    @Option(names = "--server", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Address of spec-service (else $CHANT_SERVER, else the config file, "
                    + "else localhost:8181).")
    String server;

    @Option(names = "--project", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Project to work in (else $CHANT_PROJECT, else the config file, "
                    + "else the server's only project).")
    String project;

    @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Who you are, sent as chant-user (else $CHANT_USER, else the config "
                    + "file, else the OS user name).")
    String user;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of errors.")
    boolean verbose;

    public String server() {
        return server;
    }

    public String project() {
        return project;
    }

    public String user() {
        return user;
    }

    public boolean verbose() {
        return verbose;
    }
}
