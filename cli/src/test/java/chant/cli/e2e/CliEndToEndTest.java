package chant.cli.e2e;

import chant.support.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chant CLI as people use it: separate processes against the packaged spec-service, itself
 * a separate process on the real PostgreSQL. One scenario per test, each in its own project.
 */
class CliEndToEndTest {

    @RegisterExtension
    static final ServiceProcess SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT")
            .with("CHANT_AUTH_KEY_DIR", MintedTokens.KEY_DIR.toString());

    /** alice's token (sent as CHANT_TOKEN) and bob's (from a --token-file), both platform admins. */
    private static String alice;
    private static String bob;

    @TempDir
    Path tmp;

    private CliProcess chant;
    private String project;
    private Path bobsToken;

    @BeforeEach
    void newProject() throws Exception {
        if (alice == null) {
            alice = MintedTokens.platformAdmin("alice");
            bob = MintedTokens.platformAdmin("bob");
        }
        bobsToken = Files.writeString(tmp.resolve("bob.token"), bob + "\n");
        project = "e2e-" + System.nanoTime();
        chant = new CliProcess(Map.of(
                "CHANT_SERVER", SERVICE.address(),
                "CHANT_PROJECT", project,
                "CHANT_TOKEN", alice,
                "CHANT_CONFIG", tmp.resolve("no-config.properties").toString()));
        ok(chant.run("project", "add", project, "--repo", "https://example.invalid/kv.git"));
    }

    @Test
    void bugReportChainFromAddToExport() throws Exception {
        Path body = tmp.resolve("triage.md");
        Files.writeString(body, "## Acceptance Criteria\n\n- [ ] Issue categorized\n- [ ] Priority assigned\n");
        String triage = createdId(ok(chant.run("add", "Triage issue #1234: data lost on concurrent writes",
                "--type", "task", "--label", "triage,issue-1234", "--target-file", ".chant/triage/issue-1234.md",
                "--body-file", body.toString())));
        String suffix = triage.substring(triage.length() - 3);
        String reproduce = createdId(ok(chant.runWithInput("Write a failing test first.\n", "add",
                "Reproduce issue #1234", "--type", "task", "--label", "issue-1234", "--depends-on", suffix,
                "--informed-by", ".chant/triage/issue-1234.md", "--body", "-")));

        CliProcess.Result list = ok(chant.run("list", "--label", "issue-1234"));
        assertTrue(list.out().contains(triage) && list.out().contains(reproduce), list.toString());
        assertTrue(list.out().contains("2 of 2"), list.toString());

        CliProcess.Result show = ok(chant.run("show", reproduce.substring(reproduce.length() - 3)));
        assertTrue(show.out().contains(triage), "depends_on is shown as the full ID: " + show);
        assertTrue(show.out().contains("Write a failing test first."), show.toString());

        CliProcess.Result raw = ok(chant.run("show", "--raw", triage));
        assertTrue(raw.out().startsWith("---\n") && raw.out().contains("- triage"), raw.toString());
        assertTrue(raw.out().contains("- [ ] Issue categorized"), raw.toString());

        ok(chant.run("edit", suffix, "--add-label", "urgent"));
        assertTrue(ok(chant.run("list", "--label", "urgent")).out().contains(triage));

        Path export = tmp.resolve("export");
        ok(chant.run("export", export.toString()));
        assertTrue(Files.exists(export.resolve("specs/" + triage + ".md")));
        assertTrue(Files.exists(export.resolve("config.md")));

        CliProcess.Result imported = chant.run("--project", project + "-copy", "import", export.toString(),
                "--create-project");
        assertEquals(0, imported.exitCode(), imported.toString());
        assertTrue(imported.out().contains("Imported 2 specs, refused 0"), imported.toString());
    }

    @Test
    void errorsAreOneLineWithDistinctExitCodes() throws Exception {
        CliProcess.Result notFound = chant.run("show", "no-such-spec");
        assertEquals(3, notFound.exitCode(), notFound.toString());
        assertOneLine(notFound);

        CliProcess.Result invalid = chant.run("add", "Escapes", "--target-file", "../../etc/passwd");
        assertEquals(4, invalid.exitCode(), invalid.toString());
        assertOneLine(invalid);
        assertTrue(invalid.err().contains("../../etc/passwd"), invalid.toString());

        String first = createdId(ok(chant.run("add", "First")));
        ok(chant.run("add", "Second", "--depends-on", first));
        CliProcess.Result refused = chant.run("delete", first, "--yes");
        assertEquals(5, refused.exitCode(), refused.toString());
        assertOneLine(refused);

        CliProcess.Result unreachable = chant.run("--server", "localhost:1", "list");
        assertEquals(7, unreachable.exitCode(), unreachable.toString());
        assertOneLine(unreachable);
    }

    @Test
    void importReportsRefusedFilesAndExitsOne() throws Exception {
        Path folder = tmp.resolve("chant");
        Files.createDirectories(folder.resolve("specs"));
        Files.writeString(folder.resolve("specs/good.md"), "---\ntype: task\n---\n# Good\n");
        Files.writeString(folder.resolve("specs/bad.md"), "---\ntype: implementation\n---\n# Bad\n");

        CliProcess.Result result = chant.run("import", folder.toString());

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.out().contains("specs/bad.md") && result.out().contains("implementation"), result.toString());
        assertTrue(result.out().contains("Imported 1 spec, refused 1"), result.toString());
        assertFalse(ok(chant.run("show", "good")).out().isEmpty());
    }

    @Test
    void lifecycleFromReadyThroughApprovalToHistory() throws Exception {
        String triage = createdId(ok(chant.run("add", "Triage", "--label", "issue-1234", "--body",
                "## Acceptance Criteria\n\n- [ ] Issue categorized\n")));
        String reproduce = createdId(ok(chant.run("add", "Reproduce", "--label", "issue-1234", "--depends-on", triage)));

        CliProcess.Result ready = ok(chant.run("ready"));
        assertTrue(ready.out().contains(triage) && !ready.out().contains(reproduce), ready.toString());
        CliProcess.Result show = ok(chant.run("show", reproduce));
        assertTrue(show.out().contains("blocked by") && show.out().contains(triage), show.toString());

        ok(chant.run("start", triage));
        CliProcess.Result refused = chant.run("complete", triage);
        assertEquals(5, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("unchecked"), refused.toString());
        ok(chant.run("complete", triage, "--force", "--reason", "categorized in the issue tracker"));
        assertTrue(ok(chant.run("ready")).out().contains(reproduce));

        String risky = createdId(ok(chant.run("add", "Risky refactor", "--needs-approval")));
        CliProcess.Result self = chant.run("approve", risky);
        // The author may not decide on their own spec: PERMISSION_DENIED, by the token's subject.
        assertEquals(15, self.exitCode(), self.toString());
        assertOneLine(self);
        ok(chant.run("--token-file", bobsToken.toString(), "approve", risky, "--comment", "fine"));
        assertTrue(ok(chant.run("show", "--raw", risky)).out().contains("**bob** - "));

        CliProcess.Result history = ok(chant.run("history", triage));
        assertTrue(history.out().contains("alice") && history.out().contains("(forced"), history.toString());
        CliProcess.Result dag = ok(chant.run("dag", "--label", "issue-1234"));
        assertTrue(dag.out().indexOf(triage) < dag.out().indexOf(reproduce), dag.toString());
        assertTrue(ok(chant.run("status")).out().contains("Ready"));
    }

    @Test
    void aTokenMadeBySavedForAndUsedByAnotherUserWithRolesFromTheTokenAndTheMembers() throws Exception {
        Path carolsConfig = tmp.resolve("carol/.config/chant/cli.properties");
        CliProcess carolsAdmin = new CliProcess(Map.of("CHANT_SERVER", SERVICE.address(), "CHANT_PROJECT", project,
                "CHANT_TOKEN", alice, "CHANT_CONFIG", carolsConfig.toString()));
        CliProcess.Result saved = ok(carolsAdmin.run("token", "create", "--user", "carol", "--role", project + "=viewer",
                "--ttl", "1h", "--save"));
        assertTrue(saved.out().startsWith("Saved the token of user carol"), saved.toString());
        String file = Files.readString(carolsConfig);
        assertTrue(file.startsWith("token=ey"), "the config file holds the token");
        String token = file.strip().substring("token=".length());
        assertFalse(saved.out().contains(token) || saved.err().contains(token), saved.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(carolsConfig)));

        CliProcess carol = new CliProcess(Map.of("CHANT_SERVER", SERVICE.address(), "CHANT_PROJECT", project,
                "CHANT_CONFIG", carolsConfig.toString()));
        CliProcess.Result whoami = ok(carol.run("whoami"));
        assertTrue(whoami.out().contains("subject:        carol\n"), whoami.toString());
        assertTrue(whoami.out().contains(project + ": viewer"), whoami.toString());
        assertFalse(whoami.out().contains(token), whoami.toString());
        CliProcess.Result viewerWrites = carol.run("add", "Carol's spec");
        assertEquals(15, viewerWrites.exitCode(), viewerWrites.toString());
        assertOneLine(viewerWrites);

        ok(chant.run("project", "members", "--set", "carol=member"));
        assertTrue(ok(chant.run("project", "members")).out().contains("carol"), "carol is listed");
        assertTrue(ok(carol.run("whoami")).out().contains(project + ": member"));
        createdId(ok(carol.run("add", "Carol's spec")));

        ok(chant.run("project", "members", "--remove", "carol"));
        assertEquals(15, carol.run("add", "Another").exitCode());
    }

    @Test
    void withoutATokenNothingIsCalled() throws Exception {
        CliProcess anonymous = new CliProcess(Map.of(
                "CHANT_SERVER", SERVICE.address(),
                "CHANT_PROJECT", project,
                "CHANT_CONFIG", tmp.resolve("no-config.properties").toString()));

        CliProcess.Result result = anonymous.run("list");

        assertEquals(14, result.exitCode(), result.toString());
        assertEquals("chant: no token to send: set CHANT_TOKEN or token in the config file (chant token create makes "
                + "one)\n", result.err());
        assertEquals("", result.out());
    }

    private static CliProcess.Result ok(CliProcess.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static String createdId(CliProcess.Result result) {
        String line = result.out().lines().filter(l -> l.startsWith("Created spec: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'Created spec:' line: " + result));
        return line.substring("Created spec: ".length()).trim();
    }

    private static void assertOneLine(CliProcess.Result result) {
        assertEquals(1, result.err().strip().lines().count(), "one line on stderr: " + result);
        assertTrue(result.err().startsWith("chant: "), result.toString());
    }
}
