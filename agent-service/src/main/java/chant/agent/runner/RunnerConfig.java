package chant.agent.runner;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a runner is started with, from its environment (never its arguments, which every user of
 * the machine can read): the run and its lease, the run's token, where the services are, where runs
 * work. The token ({@value #RUN_TOKEN}) is kept apart: {@link #environment} and
 * {@link #withoutRunToken} never hold it, so nothing handed on to a provider or an agent can.
 */
record RunnerConfig(long runId, long epoch, String agentServer, String specServer, Path workRoot, int heartbeatSeconds,
        boolean unsandboxed, Map<String, String> environment, String runToken) {

    static final String RUN_ID = "CHANT_RUNNER_RUN_ID";
    static final String EPOCH = "CHANT_RUNNER_EPOCH";
    static final String AGENT_SERVER = "CHANT_RUNNER_AGENT_SERVER";
    static final String SPEC_SERVER = "CHANT_RUNNER_SPEC_SERVER";
    static final String WORK_ROOT = "CHANT_RUNNER_WORK_ROOT";
    static final String HEARTBEAT_SECONDS = "CHANT_RUNNER_HEARTBEAT_SECONDS";
    static final String UNSANDBOXED = "CHANT_AGENT_UNSANDBOXED";
    /** Set to {@code stdin} for a runner started ahead of its run: it waits for its assignment there. */
    static final String WAIT_FOR_RUN = "CHANT_RUNNER_WAIT_FOR_RUN";
    /** The run's token (docs/auth.md, "Run tokens"), for agent-service and spec-service; never the agent's. */
    static final String RUN_TOKEN = "CHANT_RUN_TOKEN";

    RunnerConfig {
        environment = withoutRunToken(environment);
    }

    /** {@code env} without the run's token: what the providers and their agents may see of it. */
    static Map<String, String> withoutRunToken(Map<String, String> env) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.remove(RUN_TOKEN);
        return Map.copyOf(copy);
    }

    /** Without the token: a record's default text would print it. */
    @Override
    public String toString() {
        return "RunnerConfig[run " + runId + ", epoch " + epoch + ", agent-service " + agentServer + ", spec-service "
                + specServer + ", work root " + workRoot + "]";
    }

    /** Whether this runner was started ahead of its run and reads the run from standard input. */
    static boolean waitsForRun(Map<String, String> env) {
        return "stdin".equals(env.get(WAIT_FOR_RUN));
    }

    /**
     * The environment of a waiting runner with the run it was given: one line
     * {@code run <id> <epoch> <heartbeat seconds> <run token>}, as {@code LocalBackend} writes it.
     */
    static Map<String, String> assigned(Map<String, String> env, String line) {
        String[] parts = line.strip().split(" ");
        if (parts.length != 5 || !parts[0].equals("run")) {
            // Never quote the line: it holds the run's token.
            throw new IllegalArgumentException("expected 'run <id> <epoch> <heartbeat seconds> <run token>' on standard"
                    + " input, got a line of " + parts.length + " words");
        }
        Map<String, String> withRun = new java.util.HashMap<>(env);
        withRun.remove(WAIT_FOR_RUN);
        withRun.put(RUN_ID, parts[1]);
        withRun.put(EPOCH, parts[2]);
        withRun.put(HEARTBEAT_SECONDS, parts[3]);
        withRun.put(RUN_TOKEN, parts[4]);
        return withRun;
    }

    /** agent-service's address, for a runner that does not know its run yet. */
    static String agentServer(Map<String, String> env) {
        return required(env, AGENT_SERVER);
    }

    static String specServer(Map<String, String> env) {
        return required(env, SPEC_SERVER);
    }

    static RunnerConfig fromEnvironment(Map<String, String> env) {
        return new RunnerConfig(number(env, RUN_ID), number(env, EPOCH), required(env, AGENT_SERVER),
                required(env, SPEC_SERVER), Path.of(required(env, WORK_ROOT)).toAbsolutePath(),
                Optional.ofNullable(env.get(HEARTBEAT_SECONDS)).map(Integer::parseInt).orElse(5),
                Boolean.parseBoolean(env.getOrDefault(UNSANDBOXED, "false")), env, required(env, RUN_TOKEN));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set: the runner is started by agent-service, which sets it");
        }
        return value;
    }

    private static long number(Map<String, String> env, String name) {
        try {
            return Long.parseLong(required(env, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + env.get(name));
        }
    }
}
