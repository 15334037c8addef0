package chant.cli.config;

/**
 * The services the CLI talks to, each with its own address setting: a flag, an environment
 * variable, a config file key and a default. Only spec-service has RPCs today; the others are here
 * so that their stubs slot into {@link chant.cli.rpc.Connection} when their contracts exist.
 */
public enum Service {
    SPEC("spec-service", 8181, "--spec-server", "CHANT_SPEC_SERVER", "spec.server"),
    AGENT("agent-service", 8182, "--agent-server", "CHANT_AGENT_SERVER", "agent.server"),
    MERGE("merge-service", 8183, "--merge-server", "CHANT_MERGE_SERVER", "merge.server");

    private final String serviceName;
    private final int defaultPort;
    private final String flag;
    private final String envVariable;
    private final String fileKey;

    Service(String serviceName, int defaultPort, String flag, String envVariable, String fileKey) {
        this.serviceName = serviceName;
        this.defaultPort = defaultPort;
        this.flag = flag;
        this.envVariable = envVariable;
        this.fileKey = fileKey;
    }

    /** The name people know the service by, as in error messages: {@code spec-service}. */
    public String serviceName() {
        return serviceName;
    }

    /** The port when an address names only a host, and of the default address. */
    public int defaultPort() {
        return defaultPort;
    }

    /** {@code localhost:<default port>}. */
    public String defaultAddress() {
        return "localhost:" + defaultPort;
    }

    public String flag() {
        return flag;
    }

    public String envVariable() {
        return envVariable;
    }

    public String fileKey() {
        return fileKey;
    }
}
