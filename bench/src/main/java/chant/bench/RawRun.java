package chant.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The raw baseline of one run: the same work done the plainest way on the same repository.
 * {@code git worktree add} of a new branch from the baseline's clone, the spec file written into it,
 * the demo agent started plainly (the same {@code java}, options and class files, no sandbox, no
 * runner) until it ends, then {@code git push} of its branch (one commit) to the same bare remote.
 */
final class RawRun {

    /** The demo agent's JVM options, as agent-service's DemoProvider starts it. */
    static final List<String> DEMO_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
            "-Xss512k", "-XX:-UsePerfData", "-Xshare:auto");
    static final String DEMO_MAIN = "chant.agent.provider.demo.agent.DemoAgentMain";
    static final String PREFIX = "[demo agent] ";

    /**
     * Times from the start (before {@code git worktree add}): the agent's first line, its last line
     * (its result), its exit, and the push done.
     */
    record Times(long start, long added, long firstLine, long lastLine, long exited, long pushed) {
        long startFigure() {
            return firstLine - start;
        }

        long endFigure() {
            return pushed - lastLine;
        }

        long total() {
            return pushed - start;
        }
    }

    private RawRun() {
    }

    static Times run(RunRepository repo, String specId, String title, String body, String branch) {
        long start = System.nanoTime();
        Path worktree = repo.root.resolve("raw").resolve(branch);
        // --no-track: no upstream written into the shared config (concurrent adds would collide on its lock).
        Commands.run(Commands.git(repo.rawClone, "worktree", "add", "-q", "--no-track", "-b", branch, worktree.toString(),
                "origin/main"));
        long added = System.nanoTime();
        String specFile = ".chant/specs/" + specId + ".md";
        try {
            Files.createDirectories(worktree.resolve(".chant/specs"));
            Files.writeString(worktree.resolve(specFile), "# " + title + "\n\n" + body);
        } catch (IOException e) {
            throw new BenchException("could not write the spec file into " + worktree + ": " + e.getMessage());
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(DEMO_JVM_OPTIONS);
        command.addAll(List.of("-cp", repo.demoClasses.toString(), DEMO_MAIN, specFile));
        ProcessBuilder builder = new ProcessBuilder(command).directory(worktree.toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8",
                "HOME", repo.home.toString(), "GIT_AUTHOR_NAME", "chant agent", "GIT_AUTHOR_EMAIL", "agent@chant.invalid",
                "GIT_COMMITTER_NAME", "chant agent", "GIT_COMMITTER_EMAIL", "agent@chant.invalid"));
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long first = -1;
        long last = -1;
        String lastLine = "";
        StringBuilder all = new StringBuilder();
        long exited;
        try {
            Process agent = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    long now = System.nanoTime();
                    if (line.isBlank()) {
                        continue;
                    }
                    all.append(line).append('\n');
                    if (first < 0 && line.startsWith(PREFIX)) {
                        first = now;
                    }
                    last = now;
                    lastLine = line;
                }
            }
            if (!agent.waitFor(Commands.LIMIT_SECONDS, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
                throw new BenchException("the demo agent (baseline) did not end within " + Commands.LIMIT_SECONDS + " s");
            }
            exited = System.nanoTime();
            if (agent.exitValue() != 0 || first < 0 || !lastLine.contains("\"success\":true")) {
                throw new BenchException("the demo agent (baseline) failed in " + worktree + " (exit " + agent.exitValue()
                        + "):\n" + all);
            }
        } catch (IOException e) {
            throw new BenchException("the demo agent (baseline) could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
        Commands.run(Commands.git(worktree, "push", "-q", "origin", branch));
        long pushed = System.nanoTime();
        return new Times(start, added, first, last, exited, pushed);
    }

    /** The {@code java} of this JVM: the same JDK agent-service runs the demo agent with when both use the PATH's. */
    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }
}
