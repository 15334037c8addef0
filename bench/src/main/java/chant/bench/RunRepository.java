package chant.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What the run phases work on, made fresh in a temporary directory: a small repository pushed to a
 * bare remote (the project's {@code repo_url}), a plain clone of that remote (the baseline's local
 * copy, as the platform has its per-project cached clone) and the demo agent's class files taken
 * from agent-service's application jar (the same classes the platform's demo agent runs).
 */
final class RunRepository {

    static final String AGENT_PACKAGE = "chant/agent/provider/demo/agent/";

    final Path root;
    final Path remote;
    final Path rawClone;
    final Path demoClasses;
    final Path home;

    private RunRepository(Path root) {
        this.root = root;
        this.remote = root.resolve("remote.git");
        this.rawClone = root.resolve("raw-clone");
        this.demoClasses = root.resolve("demo-agent-classes");
        this.home = root.resolve("home");
    }

    static RunRepository create(Path agentServiceApp) {
        try {
            RunRepository r = new RunRepository(Files.createTempDirectory("chant-bench-runs-"));
            Path source = r.root.resolve("source");
            Files.createDirectories(source.resolve("src"));
            Files.createDirectories(r.home);
            Files.writeString(source.resolve("README.md"), "A sample repository for the run benchmark.\n");
            for (int i = 0; i < 20; i++) {
                Files.writeString(source.resolve("src").resolve("File" + i + ".java"),
                        ("class File" + i + " {\n    // some code\n}\n").repeat(20));
            }
            Commands.run(Commands.git(source, "init", "-q"));
            Commands.run(Commands.git(source, "add", "-A"));
            Commands.run(Commands.git(source, "commit", "-q", "-m", "sample"));
            Commands.run(Commands.git(r.root, "clone", "-q", "--bare", source.toString(), r.remote.toString()));
            Commands.run(Commands.git(r.root, "clone", "-q", r.remote.toString(), r.rawClone.toString()));
            // The platform keeps the spec file out of git in the checkout (info/exclude); so does the baseline.
            Files.writeString(r.rawClone.resolve(".git/info/exclude"), "/.chant/specs/\n");
            r.extractDemoAgent(agentServiceApp);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo agent's class files, copied from agent-service's application jar (quarkus-app/app/*.jar). */
    private void extractDemoAgent(Path agentServiceApp) throws IOException {
        Path appDir = agentServiceApp.resolve("app");
        List<Path> jars;
        try (var list = Files.list(appDir)) {
            jars = list.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
        } catch (IOException e) {
            throw new BenchException("agent-service is not packaged at " + agentServiceApp
                    + " (./mvnw -o package -DskipTests -pl agent-service -am): " + e.getMessage());
        }
        int copied = 0;
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : java.util.Collections.list(file.entries())) {
                    String name = entry.getName();
                    if (name.startsWith(AGENT_PACKAGE) && name.endsWith(".class")) {
                        Path target = demoClasses.resolve(name);
                        Files.createDirectories(target.getParent());
                        try (InputStream in = file.getInputStream(entry)) {
                            Files.copy(in, target);
                        }
                        copied++;
                    }
                }
            }
        }
        if (copied == 0) {
            throw new BenchException("no demo agent classes (" + AGENT_PACKAGE + ") in " + appDir);
        }
    }

    /** The body of a spec the demo agent works in a moment: write one file, tick the criterion, commit. */
    static String specBody(String name) {
        return """
                The run benchmark's work: the demo agent writes one file and commits it.

                ## Acceptance Criteria

                - [ ] notes/%1$s.txt written

                ```chant-demo
                write notes/%1$s.txt
                written by the demo agent for %1$s
                end
                check all
                commit chant(bench): %1$s
                ```
                """.formatted(name);
    }
}
