package chant.agent.backend;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a runner process is started on this machine: the JVM that runs the service, the service's
 * own classes and libraries, {@code setsid} so that the runner has a session of its own (it
 * outlives the service and a terminal's Ctrl-C), an environment holding only what it needs, and
 * its output in a file (a pipe would break when the service goes).
 */
public final class RunnerProcesses {

    static final String MAIN_CLASS = "chant.agent.runner.RunnerMain";

    private RunnerProcesses() {
    }

    /** The class path of this service: its fast-jar layout, or the class path it was started with. */
    static String classPath() {
        String own = System.getProperty("java.class.path");
        if (own.endsWith("quarkus-run.jar")) {
            Path app = Path.of(own).toAbsolutePath().getParent();
            return String.join(File.pathSeparator, app.resolve("app").resolve("*").toString(),
                    app.resolve("lib").resolve("main").resolve("*").toString(),
                    app.resolve("lib").resolve("boot").resolve("*").toString());
        }
        return own;
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    /** JVM options written as one string, separated by white space. */
    static List<String> options(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    /** The command that starts a runner. */
    static List<String> command(List<String> jvmOptions) {
        return command(jvmOptions, classPath());
    }

    static List<String> command(List<String> jvmOptions, String classPath) {
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        }
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN_CLASS);
        return command;
    }

    /** Starts a runner with exactly {@code environment}, its output appended to {@code output}. */
    static Process start(List<String> jvmOptions, Map<String, String> environment, Path output) throws IOException {
        return start(jvmOptions, classPath(), environment, output);
    }

    static Process start(List<String> jvmOptions, String classPath, Map<String, String> environment, Path output)
            throws IOException {
        return start(jvmOptions, classPath, environment, output, false);
    }

    /**
     * Starts a runner; one that {@code waits} for its run gets a pipe from this service as standard
     * input (its assignment comes there, and its end tells the runner the service is gone).
     */
    static Process start(List<String> jvmOptions, String classPath, Map<String, String> environment, Path output,
            boolean waits) throws IOException {
        Files.createDirectories(output.getParent());
        ProcessBuilder builder = new ProcessBuilder(command(jvmOptions, classPath));
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectInput(waits ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.redirectErrorStream(true);
        return builder.start();
    }
}
