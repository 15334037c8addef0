package chant.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/chant in a copy of the repository whose cli/target/chant-cli.jar holds a stand-in
 * {@code chant.cli.Main} (it prints its arguments and its JVM's options) and {@code chant.cli.Training}:
 * the class-data archive made on first use and used from then on, made anew when a jar is newer,
 * CHANT_CDS=off, and the class path (the jar alone: its manifest names the libraries).
 */
class LauncherScriptTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String MAIN = """
            package chant.cli;

            public final class Main {
                public static void main(String[] args) {
                    System.out.println("args " + String.join(" ", args));
                    System.out.println("jvm " + String.join(" ",
                            ProcessHandle.current().info().arguments().orElse(new String[0])));
                }
            }
            """;
    private static final String TRAINING = """
            package chant.cli;

            public final class Training {
                public static void main(String[] args) {
                    Main.class.getName();
                }
            }
            """;

    @TempDir
    Path root;

    private Path jar;
    private Path cds;

    @BeforeEach
    void copyTheLauncherAndBuildAStandInJar() throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(REPOSITORY.resolve("bin/chant"), root.resolve("bin/chant"));
        Path sources = Files.createDirectories(root.resolve("src/chant/cli"));
        Files.writeString(sources.resolve("Main.java"), MAIN);
        Files.writeString(sources.resolve("Training.java"), TRAINING);
        Path classes = Files.createDirectories(root.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(),
                sources.resolve("Main.java").toString(), sources.resolve("Training.java").toString()));

        Path lib = Files.createDirectories(root.resolve("cli/target/lib"));
        jar = root.resolve("cli/target/chant-cli.jar");
        cds = root.resolve("cli/target/cds");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String name : List.of("Main", "Training")) {
                out.putNextEntry(new JarEntry("chant/cli/" + name + ".class"));
                out.write(Files.readAllBytes(classes.resolve("chant/cli/" + name + ".class")));
                out.closeEntry();
            }
        }
        // Left there by an older build: not on the class path.
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(lib.resolve("old-library.jar")))) {
            out.flush();
        }
        Files.setLastModifiedTime(lib.resolve("old-library.jar"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    @AfterEach
    void waitForTheBackgroundJob() throws InterruptedException {
        waitUntil(() -> !Files.exists(cds.resolve(".lock")));
    }

    private record Result(int exitCode, List<String> out, String err) {
        String jvm() {
            return out.stream().filter(line -> line.startsWith("jvm ")).findFirst().orElse("");
        }

        boolean usesArchive() {
            return jvm().contains("-XX:SharedArchiveFile=") || jvm().contains("-XX:AOTCache=");
        }
    }

    private Result chant(String cdsSetting, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("bin/chant").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("CHANT_CDS");
        if (cdsSetting != null) {
            builder.environment().put("CHANT_CDS", cdsSetting);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("bin/chant did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    private Optional<Path> archive() throws IOException {
        if (!Files.isDirectory(cds)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(file -> file.getFileName().toString().matches("chant-.*\\.(jsa|aot)")).findFirst();
        }
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void waitUntil(Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            while (!condition.holds()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("waited 120 s in vain");
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path waitForAFreshArchive() throws InterruptedException, IOException {
        waitUntil(() -> archive().isPresent() && !Files.exists(cds.resolve(".lock")));
        return archive().orElseThrow();
    }

    @Test
    void theArchiveIsMadeOnFirstUseAndUsedFromThenOn() throws Exception {
        Result first = chant(null, "list", "--json");

        assertEquals(0, first.exitCode(), first.err());
        assertEquals("args list --json", first.out().get(0));
        assertEquals("", first.err());
        assertFalse(first.usesArchive(), first.jvm());
        assertTrue(first.jvm().contains("-cp " + jar.toRealPath() + " chant.cli.Main"), first.jvm());

        waitForAFreshArchive();
        Result second = chant(null, "list");

        assertEquals("args list", second.out().get(0));
        assertTrue(second.usesArchive(), second.jvm());
        assertEquals("", second.err());
    }

    @Test
    void aJarNewerThanTheArchiveMakesItOutOfDate() throws Exception {
        chant(null, "--version");
        Path archive = waitForAFreshArchive();
        FileTime before = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 10_000);
        Files.setLastModifiedTime(archive, before);

        Result stale = chant(null, "list");

        assertFalse(stale.usesArchive(), stale.jvm());
        waitUntil(() -> Files.getLastModifiedTime(archive).compareTo(before) > 0 && !Files.exists(cds.resolve(".lock")));
        assertTrue(chant(null, "list").usesArchive(), "the archive made anew is used");

        Path library = root.resolve("cli/target/lib/old-library.jar");
        Files.setLastModifiedTime(library, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 10_000));
        assertFalse(chant(null, "list").usesArchive(), "a library newer than the archive makes it out of date too");
    }

    @Test
    void cdsOffRunsWithoutAnArchiveAndMakesNone() throws Exception {
        Result off = chant("off", "list");

        assertEquals("args list", off.out().get(0));
        assertFalse(off.usesArchive(), off.jvm());
        // bin/chant takes the lock folder before it starts making an archive in the background, and
        // removes it only after the archive is in place: with neither there, none was started.
        assertFalse(Files.exists(cds.resolve(".lock")), "no archive is being made");
        assertEquals(Optional.empty(), archive());
    }
}
