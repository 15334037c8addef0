package chant.agent.provider.demo.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static chant.agent.provider.demo.agent.DemoScriptTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo agent's work in this JVM, without a sandbox (the end-to-end test runs it in one): files,
 * acceptance criteria, the refusals of paths that lead out of the worktree, and the result line.
 */
class DemoAgentTest {

    static final String SPEC_FILE = ".chant/specs/2026-01-22-001-d3m.md";

    @TempDir
    Path root;

    private final List<String> log = new ArrayList<>();

    private Path worktree() throws Exception {
        return Files.createDirectories(root.resolve("worktree"));
    }

    private DemoAgent.Result run(Path worktree, String specText) throws Exception {
        Path spec = worktree.resolve(SPEC_FILE);
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, specText);
        DemoAgent.Result result = new DemoAgent(worktree, SPEC_FILE, log::add).run();
        log.forEach(line -> assertTrue(line.startsWith("[demo agent] "), line));
        return result;
    }

    @Test
    void writesAndAppendsFilesInOrder() throws Exception {
        Path worktree = worktree();
        DemoAgent.Result result = run(worktree, spec("```chant-demo", "write notes/deep/a.txt", "one", "end",
                "append notes/deep/a.txt", "two", "end", "append new.txt", "created by append", "end",
                "write notes/deep/a.txt", "replaced", "end", "```"));

        assertEquals(new DemoAgent.Result(true, "4 instructions carried out, 0 commits", 4, 0), result);
        assertEquals("replaced\n", Files.readString(worktree.resolve("notes/deep/a.txt")));
        assertEquals("created by append\n", Files.readString(worktree.resolve("new.txt")));
        assertEquals(List.of(
                "[demo agent] following " + SPEC_FILE + ": 4 instructions in 1 chant-demo block",
                "[demo agent] line 2: wrote notes/deep/a.txt (1 line, 4 bytes)",
                "[demo agent] line 5: appended 1 line, 4 bytes to notes/deep/a.txt",
                "[demo agent] line 8: appended 1 line, 18 bytes to new.txt",
                "[demo agent] line 11: wrote notes/deep/a.txt (1 line, 9 bytes)",
                "[demo agent] done: 4 instructions carried out, 0 commits"), log);
    }

    @Test
    void anAnswerBecomesTheFinalText() throws Exception {
        DemoAgent.Result result = run(worktree(), spec("```chant-demo", "answer", "first line", "second line", "end", "```"));

        assertEquals(new DemoAgent.Result(true, "1 instruction carried out, 0 commits", 1, 0, "first line\nsecond line\n"),
                result);
        assertEquals("[demo agent] line 2: answered (2 lines)", log.get(1));
        assertTrue(DemoAgentMain.resultLine(result).endsWith(",\"answer\":\"first line\\nsecond line\\n\"}"),
                DemoAgentMain.resultLine(result));
    }

    @Test
    void noBlockMeansNothingToDoAndSuccess() throws Exception {
        DemoAgent.Result result = run(worktree(), spec("# A spec for a real agent", "", "## Acceptance Criteria", "- [ ] x"));

        assertEquals(new DemoAgent.Result(true, "nothing to do: the spec has no chant-demo block", 0, 0), result);
        assertEquals(List.of("[demo agent] no ```chant-demo block in " + SPEC_FILE + ": nothing to do"), log);
    }

    @Test
    void aMissingSpecFileIsAFailure() throws Exception {
        DemoAgent.Result result = new DemoAgent(worktree(), SPEC_FILE, log::add).run();

        assertEquals(new DemoAgent.Result(false, "the spec file " + SPEC_FILE + " is not in the worktree", 0, 0), result);
    }

    @Test
    void checkTicksCriteriaInTheSpecFileAndNothingElse() throws Exception {
        Path worktree = worktree();
        String before = spec("---", "status: in_progress", "---", "# Criteria", "", "```chant-demo", "check 2", "check 2",
                "check all", "```", "", "- [ ] not a criterion: before the section", "", "## Acceptance Criteria", "",
                "- [ ] first", "* [ ] second", "  - [X] third, already checked", "```", "- [ ] fenced, not a criterion", "```",
                "### Details", "- [ ] fourth", "", "## Agent Output", "- [ ] after the section");
        DemoAgent.Result result = run(worktree, before);

        assertTrue(result.success(), result.toString());
        assertEquals(before.replace("- [ ] first", "- [x] first").replace("* [ ] second", "* [x] second")
                .replace("- [ ] fourth", "- [x] fourth"), Files.readString(worktree.resolve(SPEC_FILE)));
        assertEquals(List.of(
                "[demo agent] following " + SPEC_FILE + ": 3 instructions in 1 chant-demo block",
                "[demo agent] line 7: checked criterion 2 of 4: second",
                "[demo agent] line 8: already checked criterion 2 of 4: second",
                "[demo agent] line 9: checked all 4 criteria (2 newly)",
                "[demo agent] done: 3 instructions carried out, 0 commits"), log);
    }

    @Test
    void theLastCriteriaSectionCountsAndAMissingCriterionIsNamed() {
        String file = spec("## Acceptance Criteria", "- [ ] old", "## Acceptance Criteria", "- [ ] new", "",
                "```", "## Acceptance Criteria", "- [ ] fenced", "```");

        AcceptanceCriteria.Ticked ticked = AcceptanceCriteria.tick(file, OptionalInt.empty());
        assertEquals(new AcceptanceCriteria.Ticked(file.replace("- [ ] new", "- [x] new"), 1, 1), ticked);
        assertEquals("the spec has 1 criterion, not 2",
                assertThrows(IllegalArgumentException.class, () -> AcceptanceCriteria.tick(file, OptionalInt.of(2))).getMessage());
        assertEquals("the spec has no acceptance criteria (no `- [ ]` items under `## Acceptance Criteria`)",
                assertThrows(IllegalArgumentException.class, () -> AcceptanceCriteria.tick("# T\n- [ ] x\n", OptionalInt.empty()))
                        .getMessage());
    }

    @Test
    void checkingACriterionTheSpecDoesNotHaveFailsAtItsLine() throws Exception {
        DemoAgent.Result result = run(worktree(), spec("```chant-demo", "check 3", "```", "## Acceptance Criteria", "- [ ] one"));

        assertEquals(new DemoAgent.Result(false, "line 2: `check 3`: the spec has 1 criterion, not 3", 0, 0), result);
        assertEquals("[demo agent] failed: line 2: `check 3`: the spec has 1 criterion, not 3", log.get(log.size() - 1));
    }

    @Test
    void failEndsTheRunWithItsReasonAfterTheWorkBeforeIt() throws Exception {
        Path worktree = worktree();
        DemoAgent.Result result = run(worktree, spec("```chant-demo", "write before.txt", "x", "end",
                "fail the build is red on purpose", "write after.txt", "y", "end", "```"));

        assertEquals(new DemoAgent.Result(false, "the build is red on purpose", 1, 0), result);
        assertTrue(Files.exists(worktree.resolve("before.txt")));
        assertFalse(Files.exists(worktree.resolve("after.txt")));
        assertEquals(List.of("[demo agent] line 5: fail: the build is red on purpose",
                "[demo agent] failed: the build is red on purpose"), log.subList(2, 4));
    }

    @Test
    void aSymlinkLeadingOutOfTheWorktreeIsRefusedAndNothingIsWrittenOutside() throws Exception {
        Path worktree = worktree();
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("file.txt"), "untouched\n");
        Files.createSymbolicLink(worktree.resolve("escape"), outside);
        Files.createSymbolicLink(worktree.resolve("escape.txt"), outside.resolve("file.txt"));
        Files.createSymbolicLink(worktree.resolve("dangling.txt"), root.resolve("nowhere/file.txt"));
        Files.createDirectories(worktree.resolve("inside"));
        Files.createSymbolicLink(worktree.resolve("inside-link"), worktree.resolve("inside"));

        DemoAgent.Result viaDirectory = run(worktree, spec("```chant-demo", "write escape/file.txt", "x", "end", "```"));
        DemoAgent.Result newFileViaDirectory = run(worktree, spec("```chant-demo", "write escape/new/file.txt", "x", "end", "```"));
        DemoAgent.Result viaFile = run(worktree, spec("```chant-demo", "append escape.txt", "x", "end", "```"));
        DemoAgent.Result viaDangling = run(worktree, spec("```chant-demo", "write dangling.txt", "x", "end", "```"));
        DemoAgent.Result inside = run(worktree, spec("```chant-demo", "write inside-link/ok.txt", "fine", "end", "```"));

        assertEquals("line 2: escape/file.txt refused: it leads outside the worktree through a symlink (escape/file.txt is "
                + outside.toRealPath().resolve("file.txt") + ")", viaDirectory.message());
        assertEquals("line 2: escape.txt refused: it is a symlink to " + outside.toRealPath().resolve("file.txt")
                + ", outside the worktree", viaFile.message());
        assertEquals("line 2: dangling.txt refused: it is a symlink to a file that does not exist here", viaDangling.message());
        assertEquals("line 2: escape/new/file.txt refused: it leads outside the worktree through a symlink (escape is "
                + outside.toRealPath() + ")", newFileViaDirectory.message());
        assertFalse(viaDirectory.success() || newFileViaDirectory.success() || viaFile.success() || viaDangling.success());
        try (var files = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("file.txt")), files.toList(), "nothing was written outside the worktree");
        }
        assertEquals("untouched\n", Files.readString(outside.resolve("file.txt")));
        assertFalse(Files.exists(root.resolve("nowhere")));
        // A symlink that stays inside the worktree is fine.
        assertTrue(inside.success(), inside.toString());
        assertEquals("fine\n", Files.readString(worktree.resolve("inside/ok.txt")));
    }

    @Test
    void theResultLineIsJsonTheProviderReads() {
        assertEquals("{\"type\":\"result\",\"success\":true,\"summary\":\"2 instructions carried out, 1 commit\","
                + "\"instructions\":2,\"commits\":1}",
                DemoAgentMain.resultLine(new DemoAgent.Result(true, "2 instructions carried out, 1 commit", 2, 1)));
        assertEquals("{\"type\":\"result\",\"success\":false,\"reason\":\"a \\\"quoted\\\" \\\\ reason\\nsecond line\\u0001\","
                + "\"instructions\":0,\"commits\":0}",
                DemoAgentMain.resultLine(new DemoAgent.Result(false, "a \"quoted\" \\ reason\nsecond line\u0001", 0, 0)));
    }
}
