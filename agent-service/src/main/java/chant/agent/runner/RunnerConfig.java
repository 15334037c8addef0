package chant.agent.runner;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a runner is started with, from its environment (never its arguments, which every user of
 * the machine can read): the run and its lease, where the services are, where runs work.
 */
record RunnerConfig(long runId, long epoch, String agentServer, String specServer, Path workRoot, int heartbeatSeconds,
        boolean unsandboxed, Map<String, String> environment) {

    static final String RUN_ID = "CHANT_RUNNER_RUN_ID";
    static final String EPOCH = "CHANT_RUNNER_EPOCH";
    static final String AGENT_SERVER = "CHANT_RUNNER_AGENT_SERVER";
    static final String SPEC_SERVER = "CHANT_RUNNER_SPEC_SERVER";
    static final String WORK_ROOT = "CHANT_RUNNER_WORK_ROOT";
    static final String HEARTBEAT_SECONDS = "CHANT_RUNNER_HEARTBEAT_SECONDS";
    static final String UNSANDBOXED = "CHANT_AGENT_UNSANDBOXED";

    static RunnerConfig fromEnvironment(Map<String, String> env) {
        return new RunnerConfig(number(env, RUN_ID), number(env, EPOCH), required(env, AGENT_SERVER),
                required(env, SPEC_SERVER), Path.of(required(env, WORK_ROOT)).toAbsolutePath(),
                Optional.ofNullable(env.get(HEARTBEAT_SECONDS)).map(Integer::parseInt).orElse(5),
                Boolean.parseBoolean(env.getOrDefault(UNSANDBOXED, "false")), Map.copyOf(env));
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
