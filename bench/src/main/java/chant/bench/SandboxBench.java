package chant.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's own start cost: a trivial process started in bubblewrap exactly as agent-service
 * starts the runner's commands in the sandbox (agent-service's own {@code Sandbox} and
 * {@code SandboxSpec}, loaded from its packaged application, render the argument list and
 * environment), next to the same process started plainly with the same environment. Sandboxed and
 * plain starts alternate.
 */
final class SandboxBench {

    private final Path agentServiceApp;
    private final int starts;

    SandboxBench(Path agentServiceApp, int starts) {
        this.agentServiceApp = agentServiceApp;
        this.starts = starts;
    }

    String measure(Path checkout) {
        Map<String, String> env = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");
        RunTable table = new RunTable("sandbox: a process started in bubblewrap vs. plainly (" + starts + " starts each)",
                List.of("Sandboxed: agent-service's Sandbox.processBuilder for SandboxSpec.forWorktree(checkout) with PATH"
                                + " and LANG and --die-with-parent (what the runner uses for its git commands in finalize),"
                                + " started and waited for.",
                        "Baseline: the same command with the same environment and working directory, no bwrap.",
                        "ratio p50 = sandboxed p50 ÷ plain p50."));
        for (List<String> command : List.of(List.of("/bin/true"),
                List.of("git", "-c", "core.hooksPath=/dev/null", "status", "--porcelain"))) {
            ProcessBuilder sandboxed = sandboxed(checkout, env, command);
            ProcessBuilder plain = new ProcessBuilder(command).directory(checkout.toFile());
            plain.environment().clear();
            plain.environment().putAll(env);
            List<Long> inSandbox = new ArrayList<>();
            List<Long> bare = new ArrayList<>();
            for (int i = 0; i < starts + 3; i++) {
                long s = time(sandboxed);
                long p = time(plain);
                if (i >= 3) { // three unmeasured starts each first
                    inSandbox.add(s);
                    bare.add(p);
                }
            }
            table.add(new RunTable.Row(String.join(" ", command.get(0).equals("git") ? List.of("git", "status")
                    : command), RunTable.Samples.of(inSandbox), RunTable.Samples.of(bare)));
        }
        return table.render();
    }

    private static long time(ProcessBuilder builder) {
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        try {
            Process p = builder.start();
            if (!p.waitFor(Commands.LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException(String.join(" ", builder.command()) + " did not end");
            }
            if (p.exitValue() != 0) {
                throw new BenchException(String.join(" ", builder.command()) + " failed (exit " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new BenchException(String.join(" ", builder.command()) + " could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
        return System.nanoTime() - start;
    }

    /** agent-service's own rendering of the sandbox, by reflection on its packaged classes. */
    private ProcessBuilder sandboxed(Path checkout, Map<String, String> env, List<String> command) {
        List<URL> jars = new ArrayList<>();
        for (String dir : List.of("app", "lib/main", "lib/boot")) {
            try (var list = Files.list(agentServiceApp.resolve(dir))) {
                for (Path jar : list.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    jars.add(jar.toUri().toURL());
                }
            } catch (IOException e) {
                throw new BenchException("agent-service is not packaged at " + agentServiceApp + ": " + e.getMessage());
            }
        }
        try {
            ClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Class<?> specClass = loader.loadClass("chant.support.sandbox.SandboxSpec");
            Object builder = specClass.getMethod("forWorktree", Path.class).invoke(null, checkout);
            Method envMethod = builder.getClass().getMethod("env", Map.class);
            builder = envMethod.invoke(builder, env);
            builder = builder.getClass().getMethod("dieWithParent", boolean.class).invoke(builder, true);
            Object spec = builder.getClass().getMethod("build").invoke(builder);
            Class<?> bwrapClass = loader.loadClass("chant.support.sandbox.Bubblewrap");
            Object bwrap = bwrapClass.getMethod("onPath").invoke(null);
            Class<?> sandboxClass = loader.loadClass("chant.support.sandbox.Sandbox");
            Object sandbox = sandboxClass.getMethod("bubblewrap", bwrapClass).invoke(null, bwrap);
            sandboxClass.getMethod("check").invoke(sandbox);
            return (ProcessBuilder) sandboxClass.getMethod("processBuilder", specClass, List.class)
                    .invoke(sandbox, spec, command);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BenchException("could not use agent-service's sandbox from " + agentServiceApp + ": " + cause, cause);
        }
    }
}
