package chant.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.support.testing.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' bug-report workflow end to end, exactly as the README's main command runs it:
 * {@code scripts/demo-chain} drives the chant CLI (each command its own process) against
 * spec-service, agent-service (local backend, the demo agent in the sandbox) and merge-service,
 * each a process of its own: triage, reproduction, root cause, impact map, implementation and
 * review worked by agents, the fix approved by a maintainer, every branch merged, the
 * reproduction checked before and after, the specs archived, and a summary.
 */
class WorkflowSystemTest {

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    private static final ServiceProcess AGENT_SERVICE = new ServiceProcess("agent-service", "CHANT_AGENT_PORT");
    private static final ServiceProcess MERGE_SERVICE = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");

    @TempDir
    static Path root;

    @BeforeAll
    static void startAgentAndMergeService() throws Exception {
        AGENT_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_AGENT_LOCAL_BACKEND", "true")
                .with("CHANT_AGENT_WORK_ROOT", root.resolve("agent-work").toString());
        AGENT_SERVICE.beforeAll(null);
        MERGE_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_MERGE_WORK_ROOT", root.resolve("merge-work").toString())
                .with("CHANT_MERGE_DISPATCH_INTERVAL", "1s");
        MERGE_SERVICE.beforeAll(null);
    }

    @AfterAll
    static void stopAgentAndMergeService() throws Exception {
        MERGE_SERVICE.afterAll(null);
        AGENT_SERVICE.afterAll(null);
    }

    @Test
    void theBugChainIsWorkedApprovedMergedAndArchivedThroughTheCli() throws Exception {
        Path work = Files.createDirectories(root.resolve("chain"));
        Path output = root.resolve("demo-chain.out");
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("..", "scripts", "demo-chain").toString(),
                work.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CHANT_SPEC_SERVER", SPEC_SERVICE.address());
        builder.environment().put("CHANT_AGENT_SERVER", AGENT_SERVICE.address());
        builder.environment().put("CHANT_MERGE_SERVER", MERGE_SERVICE.address());
        builder.environment().put("CHANT_CONFIG", root.resolve("no-config.properties").toString());
        builder.environment().put("CHANT_TOKEN", chant.support.testing.TestTokens.shared().platformAdmin("demo"));
        builder.environment().remove("CHANT_PROJECT");
        builder.environment().remove("CHANT_SERVER");
        Process chain = builder.start();
        boolean ended = chain.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            chain.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(ended, "scripts/demo-chain did not end in 15 minutes:\n" + out);
        assertEquals(0, chain.exitValue(), "scripts/demo-chain failed:\n" + out);

        for (String step : List.of("triage", "reproduction (a failing test)", "root cause", "impact map",
                "implementation (the test passes)", "review")) {
            assertTrue(out.contains(step + " (spec "), "the chain step " + step + " is announced:\n" + out);
        }
        assertEquals(6, count(out, "(?m)^run \\d+ succeeded; spec \\S+ is completed$"), "each of the six specs completes:\n" + out);
        assertTrue(Pattern.compile("(?m)^  refused +\\S+ +spec \\S+ requires approval and is pending").matcher(out).find(),
                "before the approval the dry run refuses the fix:\n" + out);
        assertTrue(out.contains("Approved spec: ") && out.contains("approved by maintainer"), out);
        assertEquals(6, count(out, "(?m)^  merged +\\S+"), "every spec is merged:\n" + out);
        assertEquals(6, count(out, "(?m)^  archived +\\S+  \\.chant/archive/"), "every spec is archived:\n" + out);
        assertTrue(out.contains("nothing to merge"), "merging again is harmless:\n" + out);
        assertTrue(out.contains("  specs:   6") && out.contains("  runs:    6") && out.contains("  merges:  6"),
                "the summary counts the chain:\n" + out);

        String log = git("--git-dir", work.resolve("kvstore.git").toString(), "log", "--format=%s", "main");
        for (String subject : List.of("chant(issue-1234): triage", "chant(issue-1234): failing test for concurrent puts",
                "chant(issue-1234): atomic put", "chant(issue-1234): review")) {
            assertTrue(log.contains(subject), "main of the remote has " + subject + ":\n" + log);
        }
        assertTrue(log.contains("chant: archive 6 specs"), "the archive commit is on main:\n" + log);
        String archived = git("--git-dir", work.resolve("kvstore.git").toString(), "ls-tree", "-r", "--name-only", "main",
                ".chant/archive/");
        assertEquals(6, archived.lines().filter(l -> l.matches("\\.chant/archive/\\d{4}-\\d{2}-\\d{2}/.+\\.md")).count(),
                "the six specs' markdown is archived on main:\n" + archived);
        if (!out.contains("python3 with pytest is not installed")) {
            int onMain = out.indexOf("# on main, with every branch of the chain merged");
            assertTrue(onMain > 0 && Pattern.compile("1 passed").matcher(out.substring(onMain)).find(),
                    "the reproduction test passes on the merged main:\n" + out);
        }
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
        return out;
    }
}
