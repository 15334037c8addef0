package chant.agent.provider.demo.agent;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The demo agent's process: {@code java -cp <these classes> chant.agent.provider.demo.agent.DemoAgentMain
 * <spec file>}, started in the sandbox with the worktree as its working directory. Plain Java: no
 * framework, nothing but the JDK and this package on its classpath.
 *
 * <p>Standard output carries the log (every line starts with {@code [demo agent] }) and, last, one
 * result line, a JSON object the provider judges the outcome by:
 * {@code {"type":"result","success":true,"summary":"...","instructions":5,"commits":1}} or
 * {@code {"type":"result","success":false,"reason":"...","instructions":2,"commits":0}}. The exit code
 * is 0 on success, 1 on failure, 2 when called wrongly; the provider records it but does not judge by it.
 */
public final class DemoAgentMain {

    /** What every line the demo agent writes starts with, so that nobody takes it for a real agent. */
    public static final String LOG_PREFIX = "[demo agent] ";

    private DemoAgentMain() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        if (args.length != 1) {
            out.println(DemoAgent.PREFIX + "usage: DemoAgentMain <spec file relative to the worktree>");
            out.println(resultLine(new DemoAgent.Result(false, "the demo agent was started without its spec file", 0, 0)));
            System.exit(2);
        }
        DemoAgent.Result result = new DemoAgent(Path.of("").toAbsolutePath(), args[0], out::println).run();
        out.println(resultLine(result));
        out.flush();
        System.exit(result.success() ? 0 : 1);
    }

    /** The last line of standard output: the outcome as JSON. */
    static String resultLine(DemoAgent.Result result) {
        return "{\"type\":\"result\",\"success\":" + result.success() + ",\"" + (result.success() ? "summary" : "reason")
                + "\":" + jsonString(result.message()) + ",\"instructions\":" + result.done() + ",\"commits\":" + result.commits()
                + (result.answer() == null ? "" : ",\"answer\":" + jsonString(result.answer())) + "}";
    }

    static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
