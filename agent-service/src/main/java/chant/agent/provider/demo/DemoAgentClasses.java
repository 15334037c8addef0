package chant.agent.provider.demo;

import chant.agent.provider.ProviderUnavailableException;
import chant.agent.provider.demo.agent.DemoAgentMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo agent's classpath: the class files of package {@code chant.agent.provider.demo.agent} and
 * nothing else, copied once into a private directory (read-only in the sandbox). The package uses
 * only the JDK ({@code ArchitectureTest} checks), so that is all the agent's JVM needs, wherever the
 * service's own classes come from (a directory, the application jar, Quarkus' class loader).
 */
final class DemoAgentClasses {

    /** The agent's package, as a resource path. */
    static final String PACKAGE = DemoAgentMain.class.getPackageName().replace('.', '/');

    /**
     * The package's top-level classes by simple name; their nested classes come along (their nest
     * members). {@code DemoAgentClassesTest} checks that this is every class file of the package.
     */
    static final List<String> TOP_LEVEL = List.of("AcceptanceCriteria", "DemoAgent", "DemoAgentMain", "DemoFailure",
            "DemoInstruction", "DemoScript", "GitCommits", "SpecLines", "WorktreeFiles");

    private volatile Path directory;

    /** The directory to put on the agent's classpath, created on first use. */
    Path directory() {
        if (directory == null) {
            synchronized (this) {
                if (directory == null) {
                    directory = extract();
                }
            }
        }
        return directory;
    }

    /** The class files' names relative to the classpath root ({@code chant/agent/.../DemoAgent$Result.class}). */
    static List<String> classFiles() {
        List<String> files = new ArrayList<>();
        for (String simpleName : TOP_LEVEL) {
            Class<?> type = load(PACKAGE.replace('/', '.') + "." + simpleName);
            for (Class<?> member : type.getNestMembers()) {
                files.add(member.getName().replace('.', '/') + ".class");
            }
        }
        return List.copyOf(files);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, DemoAgentClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the demo agent's class " + name + " is missing from this build", e);
        }
    }

    private static Path extract() {
        try {
            Path root = Files.createTempDirectory("chant-demo-agent-");
            for (String file : classFiles()) {
                Path target = root.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = DemoAgentClasses.class.getClassLoader().getResourceAsStream(file)) {
                    if (in == null) {
                        throw new ProviderUnavailableException("the demo agent's class file " + file
                                + " cannot be read from this service's class path");
                    }
                    Files.copy(in, target);
                }
            }
            deleteOnExit(root);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo agent's classes", e);
        }
    }

    /** Registers the directory tree for deletion when the service stops (parents first, so they go last). */
    private static void deleteOnExit(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.forEach(path -> path.toFile().deleteOnExit());
        }
    }
}
