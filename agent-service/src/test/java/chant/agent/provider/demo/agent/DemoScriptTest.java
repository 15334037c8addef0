package chant.agent.provider.demo.agent;

import chant.agent.provider.demo.agent.DemoInstruction.Append;
import chant.agent.provider.demo.agent.DemoInstruction.Check;
import chant.agent.provider.demo.agent.DemoInstruction.Commit;
import chant.agent.provider.demo.agent.DemoInstruction.Fail;
import chant.agent.provider.demo.agent.DemoInstruction.Sleep;
import chant.agent.provider.demo.agent.DemoInstruction.Write;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The chant-demo script of a spec file: every instruction, what is skipped, and the errors, each naming its line. */
class DemoScriptTest {

    static String spec(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    static String failure(String specFile) {
        return assertThrows(DemoFailure.class, () -> DemoScript.parse(specFile)).getMessage();
    }

    @Test
    void answerTakesTheLinesUpToEndAsTheFinalTextAndMayHoldAFence() throws Exception {
        DemoScript script = DemoScript.parse(spec(
                "````chant-demo",                   // 1
                "answer",                           // 2
                "The members:",                     // 3
                "```json",                          // 4
                "{\"members\": []}",                // 5
                "```",                              // 6
                "end",                              // 7
                "````"));

        assertEquals(List.of(new DemoInstruction.Answer(2, "The members:\n```json\n{\"members\": []}\n```\n")),
                script.instructions());
        assertEquals("line 2: `answer` has no line `end` before the block ends at line 4",
                failure(spec("```chant-demo", "answer", "text", "```")));
        assertEquals("line 2: `answer` takes no argument: its text follows on the next lines, up to a line `end`",
                failure(spec("```chant-demo", "answer now", "end", "```")));
    }

    @Test
    void readsEveryInstructionWithItsLineInTheFile() throws Exception {
        DemoScript script = DemoScript.parse(spec(
                "---",                              // 1
                "type: code",                       // 2
                "---",                              // 3
                "# Demo",                           // 4
                "```chant-demo",                    // 5
                "# a comment",                      // 6
                "write notes/hello.txt",            // 7
                "hello",                            // 8
                "  indented stays indented",        // 9
                "end",                              // 10
                "",                                 // 11
                "append notes/hello.txt",           // 12
                "more",                             // 13
                "end",                              // 14
                "write empty.txt",                  // 15
                "end",                              // 16
                "check 2",                          // 17
                "check all",                        // 18
                "commit chant(x): the first step",  // 19
                "sleep 0.25",                       // 20
                "sleep 3",                          // 21
                "fail the spec says to stop here",  // 22
                "```"));

        assertEquals(List.of(
                new Write(7, "notes/hello.txt", "hello\n  indented stays indented\n"),
                new Append(12, "notes/hello.txt", "more\n"),
                new Write(15, "empty.txt", ""),
                new Check(17, OptionalInt.of(2)),
                new Check(18, OptionalInt.empty()),
                new Commit(19, "chant(x): the first step"),
                new Sleep(20, Duration.ofMillis(250)),
                new Sleep(21, Duration.ofSeconds(3)),
                new Fail(22, "the spec says to stop here")), script.instructions());
        assertEquals(1, script.blocks());
    }

    @Test
    void blocksRunInOrderAndOtherFencesAreNotScripts() throws Exception {
        DemoScript script = DemoScript.parse(spec(
                "```chant-demo",
                "commit one",
                "```",
                "```bash",
                "commit not a demo instruction",
                "```",
                "````markdown",
                "```chant-demo",
                "commit inside another fence: text",
                "```",
                "````",
                "~~~chant-demo extra words after the tag",
                "commit two",
                "~~~"));

        assertEquals(List.of(new Commit(2, "one"), new Commit(13, "two")), script.instructions());
        assertEquals(2, script.blocks());
    }

    @Test
    void aSpecWithoutABlockHasNoScript() throws Exception {
        DemoScript script = DemoScript.parse(spec("# Just a spec", "", "## Acceptance Criteria", "", "- [ ] done"));

        assertEquals(0, script.blocks());
        assertEquals(List.of(), script.instructions());
    }

    @Test
    void anUnknownInstructionIsNamedWithItsLine() {
        assertEquals("line 3: unknown instruction `delete notes/hello.txt`: expected write, append, check, commit, sleep, answer or fail",
                failure(spec("# T", "```chant-demo", "delete notes/hello.txt", "```")));
    }

    @Test
    void missingArgumentsAndBadNumbersAreErrorsAtTheirLine() {
        assertEquals("line 2: `commit` needs a message", failure(spec("```chant-demo", "commit", "```")));
        assertEquals("line 2: `fail` needs a reason", failure(spec("```chant-demo", "fail  ", "```")));
        assertEquals("line 2: `write` needs a path", failure(spec("```chant-demo", "write", "end", "```")));
        assertEquals("line 2: `check 0`: expected `check all` or `check <n>` with n = 1, 2, ...",
                failure(spec("```chant-demo", "check 0", "```")));
        assertEquals("line 2: `check`: expected `check all` or `check <n>` with n = 1, 2, ...",
                failure(spec("```chant-demo", "check", "```")));
        assertEquals("line 2: `check some`: expected `check all` or `check <n>` with n = 1, 2, ...",
                failure(spec("```chant-demo", "check some", "```")));
        assertEquals("line 2: `sleep 601`: expected a number of seconds from 0 to 600",
                failure(spec("```chant-demo", "sleep 601", "```")));
        assertEquals("line 2: `sleep -1`: expected a number of seconds from 0 to 600",
                failure(spec("```chant-demo", "sleep -1", "```")));
        assertEquals("line 2: `sleep soon`: expected a number of seconds from 0 to 600",
                failure(spec("```chant-demo", "sleep soon", "```")));
    }

    @Test
    void aWriteWithoutEndIsAnErrorNamingWhereTheBlockEnds() {
        assertEquals("line 3: `write a.txt` has no line `end` before the block ends at line 5",
                failure(spec("# T", "```chant-demo", "write a.txt", "content", "```", "end")));
        // An unclosed block runs to the end of the file.
        assertEquals("line 2: `append a.txt` has no line `end` before the block ends at line 4",
                failure(spec("```chant-demo", "append a.txt", "content")));
    }

    @Test
    void pathsOutsideTheWorktreeAreRefused() {
        assertEquals("line 2: `write ../outside.txt` refused: the path climbs out of the worktree (..)",
                failure(spec("```chant-demo", "write ../outside.txt", "x", "end", "```")));
        assertEquals("line 2: `append notes/../../outside.txt` refused: the path climbs out of the worktree (..)",
                failure(spec("```chant-demo", "append notes/../../outside.txt", "x", "end", "```")));
        assertEquals("line 2: `write /etc/passwd` refused: the path must be relative to the worktree, not absolute",
                failure(spec("```chant-demo", "write /etc/passwd", "x", "end", "```")));
        assertEquals("line 2: `write .git/hooks/pre-commit` refused: the path points into .git, which only git may change",
                failure(spec("```chant-demo", "write .git/hooks/pre-commit", "x", "end", "```")));
        assertEquals("line 2: `write ./.git/config` refused: the path points into .git, which only git may change",
                failure(spec("```chant-demo", "write ./.git/config", "x", "end", "```")));
        assertEquals("line 2: `write .` refused: the path names the worktree itself, not a file",
                failure(spec("```chant-demo", "write .", "x", "end", "```")));
    }

    @Test
    void aMistakeAnywhereFailsTheWholeScriptBeforeAnythingRuns() {
        // The first instructions are fine, the last is not: parse gives no script at all.
        assertEquals("line 5: unknown instruction `comit oops`: expected write, append, check, commit, sleep, answer or fail",
                failure(spec("```chant-demo", "write a.txt", "a", "end", "comit oops", "```")));
    }
}
