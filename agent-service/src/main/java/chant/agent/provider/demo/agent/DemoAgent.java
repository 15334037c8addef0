package chant.agent.provider.demo.agent;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The demo agent's work: reads the spec file, runs its {@code chant-demo} instructions in order in the
 * worktree, and says what it does, one log line an action, each starting with {@link #PREFIX}.
 * No network, no model: the same spec gives the same work every time.
 */
final class DemoAgent {

    /** Every line the demo agent writes starts with this, so that nobody takes it for a real agent. */
    static final String PREFIX = DemoAgentMain.LOG_PREFIX;

    /**
     * How the work ended.
     *
     * @param success  whether every instruction was carried out
     * @param message  a summary on success, the reason on failure
     * @param done     instructions carried out
     * @param commits  commits made
     */
    /** {@code answer}: the final text an {@code answer} instruction gave, or null. */
    record Result(boolean success, String message, int done, int commits, String answer) {

        Result(boolean success, String message, int done, int commits) {
            this(success, message, done, commits, null);
        }
    }

    private final Path worktree;
    private final String specFile;
    private final Consumer<String> out;
    private int done;
    private int commits;
    private String answer;

    /**
     * @param worktree the worktree (the working directory in the sandbox)
     * @param specFile the spec's file relative to it ({@code .chant/specs/<id>.md})
     * @param out      where log lines go (without the prefix, which is added here)
     */
    DemoAgent(Path worktree, String specFile, Consumer<String> out) {
        this.worktree = worktree;
        this.specFile = specFile;
        this.out = out;
    }

    Result run() {
        try {
            WorktreeFiles files = new WorktreeFiles(worktree);
            Path spec = files.resolve(specFile, 0); // line 0: not a line of the script
            DemoScript script = DemoScript.parse(read(spec));
            if (script.blocks() == 0) {
                say("no ```" + DemoScript.BLOCK_TAG + " block in " + specFile + ": nothing to do");
                return new Result(true, "nothing to do: the spec has no " + DemoScript.BLOCK_TAG + " block", 0, 0);
            }
            int count = script.instructions().size();
            say("following " + specFile + ": " + count + (count == 1 ? " instruction" : " instructions") + " in "
                    + script.blocks() + " " + DemoScript.BLOCK_TAG + (script.blocks() == 1 ? " block" : " blocks"));
            for (DemoInstruction instruction : script.instructions()) {
                execute(instruction, files, spec);
                done++;
            }
            String summary = done + (done == 1 ? " instruction" : " instructions") + " carried out, " + commits
                    + (commits == 1 ? " commit" : " commits");
            say("done: " + summary);
            return new Result(true, summary, done, commits, answer);
        } catch (DemoFailure e) {
            say("failed: " + e.getMessage());
            return new Result(false, e.getMessage(), done, commits);
        } catch (IOException | RuntimeException e) {
            String reason = "unexpected error: " + e;
            say("failed: " + reason);
            return new Result(false, reason, done, commits);
        }
    }

    private void execute(DemoInstruction instruction, WorktreeFiles files, Path spec) throws DemoFailure, IOException {
        int line = instruction.line();
        if (instruction instanceof DemoInstruction.Write write) {
            Path file = files.resolve(write.path(), line);
            files.write(file, write.content());
            say(at(line) + "wrote " + files.relative(file) + " (" + describe(write.content()) + ")");
        } else if (instruction instanceof DemoInstruction.Append append) {
            Path file = files.resolve(append.path(), line);
            files.append(file, append.content());
            say(at(line) + "appended " + describe(append.content()) + " to " + files.relative(file));
        } else if (instruction instanceof DemoInstruction.Check check) {
            check(check, spec);
        } else if (instruction instanceof DemoInstruction.Commit commit) {
            String id = new GitCommits(files.root()).commitAll(commit.message(), line);
            commits++;
            say(at(line) + "committed " + id + " \"" + DemoScript.abbreviate(commit.message()) + "\"");
        } else if (instruction instanceof DemoInstruction.Sleep sleep) {
            say(at(line) + "sleeping " + BigDecimal.valueOf(sleep.duration().toMillis(), 3).stripTrailingZeros().toPlainString() + " s");
            try {
                Thread.sleep(sleep.duration().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DemoFailure.at(line, "interrupted while sleeping");
            }
        } else if (instruction instanceof DemoInstruction.Answer given) {
            answer = given.text();
            long lines = given.text().lines().count();
            say(at(line) + "answered (" + lines + (lines == 1 ? " line)" : " lines)"));
        } else if (instruction instanceof DemoInstruction.Fail fail) {
            say(at(line) + "fail: " + fail.reason());
            throw new DemoFailure(fail.reason());
        } else {
            throw new IllegalStateException("no handling for " + instruction);
        }
    }

    private void check(DemoInstruction.Check check, Path spec) throws DemoFailure, IOException {
        String before = read(spec);
        AcceptanceCriteria.Ticked ticked;
        try {
            ticked = AcceptanceCriteria.tick(before, check.number());
        } catch (IllegalArgumentException e) {
            throw DemoFailure.at(check.line(), "`check" + check.number().stream().mapToObj(n -> " " + n).findFirst().orElse(" all")
                    + "`: " + e.getMessage());
        }
        if (ticked.ticked() > 0) {
            Files.writeString(spec, ticked.text(), StandardCharsets.UTF_8);
        }
        OptionalInt number = check.number();
        if (number.isPresent()) {
            int n = number.getAsInt();
            say(at(check.line()) + (ticked.ticked() > 0 ? "checked" : "already checked") + " criterion " + n + " of "
                    + ticked.total() + ": " + DemoScript.abbreviate(AcceptanceCriteria.label(before, n)));
        } else {
            say(at(check.line()) + "checked all " + ticked.total() + (ticked.total() == 1 ? " criterion" : " criteria") + " ("
                    + ticked.ticked() + " newly)");
        }
    }

    private String read(Path spec) throws DemoFailure, IOException {
        try {
            return Files.readString(spec, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DemoFailure("the spec file " + specFile + " is not in the worktree");
        }
    }

    private static String at(int line) {
        return "line " + line + ": ";
    }

    private static String describe(String content) {
        long lines = content.lines().count();
        return lines + (lines == 1 ? " line, " : " lines, ") + content.getBytes(StandardCharsets.UTF_8).length + " bytes";
    }

    private void say(String line) {
        out.accept(PREFIX + line);
    }
}
