package chant.cli.config;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes. Mixed into the root command with inherited scope, so they can
 * be given before or after the subcommand name and always land in this one instance.
 */
public final class GlobalOptions {

    @Option(names = "--spec-server", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Address of spec-service (else --server, $CHANT_SPEC_SERVER, $CHANT_SERVER, "
                    + "spec.server or server in the config file, else localhost:8181).")
    String specServer;

    @Option(names = "--server", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Address of spec-service, the same as --spec-server.")
    String server;

    @Option(names = "--agent-server", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Address of agent-service (else $CHANT_AGENT_SERVER, else agent.server in the config "
                    + "file, else localhost:8182).")
    String agentServer;

    @Option(names = "--merge-server", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Address of merge-service (else $CHANT_MERGE_SERVER, else merge.server in the config "
                    + "file, else localhost:8183).")
    String mergeServer;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "How long to wait for each answer of a service (else $CHANT_TIMEOUT, else timeout in "
                    + "the config file, else 5). Import and export streams have 10 minutes, watch no limit.")
    String timeout;

    @Option(names = "--project", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Project to work in (else $CHANT_PROJECT, else the config file, "
                    + "else the server's only project).")
    String project;

    @Option(names = "--token-file", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "A file holding the bearer token to send (else $CHANT_TOKEN, else token in the "
                    + "config file). The token says who you are; chant whoami shows it.")
    String tokenFile;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of errors.")
    boolean verbose;

    /** The spec-service address given as --server (the first name of --spec-server). */
    public String server() {
        return server;
    }

    /** The address flag of {@code service} (for spec-service: --spec-server, not --server). */
    public String serverFlag(Service service) {
        return switch (service) {
            case SPEC -> specServer;
            case AGENT -> agentServer;
            case MERGE -> mergeServer;
        };
    }

    public String timeout() {
        return timeout;
    }

    public String project() {
        return project;
    }

    public String tokenFile() {
        return tokenFile;
    }

    public boolean verbose() {
        return verbose;
    }
}
