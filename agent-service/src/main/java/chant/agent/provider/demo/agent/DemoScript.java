package chant.agent.provider.demo.agent;

import chant.agent.provider.demo.agent.SpecLines.Line;
import chant.agent.provider.demo.agent.SpecLines.Region;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The instructions in a spec's {@code chant-demo} fenced blocks, in order. One instruction a line;
 * blank lines and lines starting with {@code #} are skipped:
 *
 * <pre>
 * write &lt;path&gt;        the file's content follows, up to a line "end"; the file is replaced
 * append &lt;path&gt;       likewise, added at the file's end
 * check all | check &lt;n&gt;   tick every acceptance criterion, or the n-th (1-based)
 * commit &lt;message&gt;    git add -A, git commit -m &lt;message&gt;
 * sleep &lt;seconds&gt;     wait (decimals allowed, at most 600)
 * answer                the agent's final text follows, up to a line "end"
 * fail &lt;reason&gt;       end the run as a failure with this reason
 * </pre>
 *
 * Paths are relative to the worktree and may not climb out of it ({@code ..}), be absolute, or
 * point into {@code .git}. The whole script is read before anything runs, so a mistake on any line
 * fails the run before it changes anything; the message names the line of the spec file.
 */
final class DemoScript {

    static final String BLOCK_TAG = "chant-demo";
    static final String END = "end";

    private final List<DemoInstruction> instructions;
    private final int blocks;

    private DemoScript(List<DemoInstruction> instructions, int blocks) {
        this.instructions = List.copyOf(instructions);
        this.blocks = blocks;
    }

    List<DemoInstruction> instructions() {
        return instructions;
    }

    /** How many {@code chant-demo} blocks the spec has (0: nothing to do). */
    int blocks() {
        return blocks;
    }

    /** The script of a spec file's text. */
    static DemoScript parse(String specFile) throws DemoFailure {
        List<Line> lines = SpecLines.split(specFile);
        List<DemoInstruction> instructions = new ArrayList<>();
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line.region() != Region.FENCE_OPEN || !isDemoBlock(line.info())) {
                continue;
            }
            blocks++;
            List<Line> body = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && lines.get(j).region() == Region.FENCE_BODY) {
                body.add(lines.get(j));
                j++;
            }
            // The line that closes the block, or the file's end.
            int closing = j < lines.size() ? lines.get(j).number() : lines.get(lines.size() - 1).number() + 1;
            parseBlock(body, closing, instructions);
            i = j;
        }
        return new DemoScript(instructions, blocks);
    }

    private static boolean isDemoBlock(String info) {
        String word = info.split("\\s+", 2)[0];
        return word.equals(BLOCK_TAG);
    }

    private static void parseBlock(List<Line> body, int closingLine, List<DemoInstruction> instructions) throws DemoFailure {
        for (int i = 0; i < body.size(); i++) {
            Line line = body.get(i);
            String text = line.text().strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] parts = text.split("\\s+", 2);
            String verb = parts[0];
            String argument = parts.length > 1 ? parts[1].strip() : "";
            int number = line.number();
            switch (verb) {
                case "write", "append" -> {
                    String path = path(verb, argument, number);
                    StringBuilder content = new StringBuilder();
                    int j = i + 1;
                    while (j < body.size() && !body.get(j).text().strip().equals(END)) {
                        content.append(body.get(j).text()).append('\n');
                        j++;
                    }
                    if (j == body.size()) {
                        throw DemoFailure.at(number, "`" + verb + " " + path + "` has no line `" + END
                                + "` before the block ends at line " + closingLine);
                    }
                    instructions.add(verb.equals("write") ? new DemoInstruction.Write(number, path, content.toString())
                            : new DemoInstruction.Append(number, path, content.toString()));
                    i = j;
                }
                case "answer" -> {
                    if (!argument.isEmpty()) {
                        throw DemoFailure.at(number, "`answer` takes no argument: its text follows on the next lines, up to"
                                + " a line `" + END + "`");
                    }
                    StringBuilder content = new StringBuilder();
                    int j = i + 1;
                    while (j < body.size() && !body.get(j).text().strip().equals(END)) {
                        content.append(body.get(j).text()).append('\n');
                        j++;
                    }
                    if (j == body.size()) {
                        throw DemoFailure.at(number, "`answer` has no line `" + END + "` before the block ends at line "
                                + closingLine);
                    }
                    instructions.add(new DemoInstruction.Answer(number, content.toString()));
                    i = j;
                }
                case "check" -> instructions.add(new DemoInstruction.Check(number, criterion(argument, number)));
                case "commit" -> instructions.add(new DemoInstruction.Commit(number, required(verb, argument, "a message", number)));
                case "sleep" -> instructions.add(new DemoInstruction.Sleep(number, duration(argument, number)));
                case "fail" -> instructions.add(new DemoInstruction.Fail(number, required(verb, argument, "a reason", number)));
                default -> throw DemoFailure.at(number, "unknown instruction `" + abbreviate(text)
                        + "`: expected write, append, check, commit, sleep, answer or fail");
            }
        }
    }

    private static String path(String verb, String argument, int line) throws DemoFailure {
        String path = required(verb, argument, "a path", line);
        String problem = WorktreeFiles.syntaxProblem(path);
        if (problem != null) {
            throw DemoFailure.at(line, "`" + verb + " " + path + "` refused: " + problem);
        }
        return path;
    }

    private static OptionalInt criterion(String argument, int line) throws DemoFailure {
        if (argument.equals("all")) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(argument);
            if (n >= 1) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw DemoFailure.at(line, "`check" + (argument.isEmpty() ? "" : " " + abbreviate(argument)) + "`: expected `check all` or `check <n>` with n = 1, 2, ...");
    }

    private static Duration duration(String argument, int line) throws DemoFailure {
        try {
            BigDecimal seconds = new BigDecimal(argument);
            if (seconds.signum() >= 0 && seconds.compareTo(BigDecimal.valueOf(DemoInstruction.MAX_SLEEP.toSeconds())) <= 0) {
                return Duration.ofMillis(seconds.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw DemoFailure.at(line, "`sleep" + (argument.isEmpty() ? "" : " " + abbreviate(argument)) + "`: expected a number of seconds from 0 to "
                + DemoInstruction.MAX_SLEEP.toSeconds());
    }

    private static String required(String verb, String argument, String what, int line) throws DemoFailure {
        if (argument.isEmpty()) {
            throw DemoFailure.at(line, "`" + verb + "` needs " + what);
        }
        return argument;
    }

    static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
