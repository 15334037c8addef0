package chant.agent.provider.claude;

import chant.agent.provider.AgentOutcome;
import chant.agent.provider.TokenUsage;
import chant.agent.secret.Redactor;
import chant.agent.secret.Secret;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Claude Code CLI's stream-json lines (written in the shape 2.1.328 prints) into log lines and an outcome. */
class StreamJsonParserTest {

    static final String KEY = "sk-ant-test-0123456789abcdef";

    static final String INIT = """
            {"type":"system","subtype":"init","cwd":"/work/chant-kv-x7m","session_id":"s1","tools":["Bash","Edit","Read","Write"],\
            "mcp_servers":[],"model":"claude-sonnet-4-5","permissionMode":"bypassPermissions","apiKeySource":"ANTHROPIC_API_KEY",\
            "claude_code_version":"2.1.328"}""";
    static final String TEXT = """
            {"type":"assistant","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",\
            "content":[{"type":"text","text":"I will write the notes.\\nThen append."}],"stop_reason":null,\
            "usage":{"input_tokens":10,"output_tokens":1}},"parent_tool_use_id":null,"session_id":"s1"}""";
    static final String WRITE = """
            {"type":"assistant","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5",\
            "content":[{"type":"tool_use","id":"toolu_1","name":"Write","input":{"file_path":"notes/hello.txt","content":"hello\\n"}}],\
            "stop_reason":null},"parent_tool_use_id":null,"session_id":"s1"}""";
    static final String WRITE_RESULT = """
            {"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_1","type":"tool_result",\
            "content":"File created successfully at: notes/hello.txt"}]},"parent_tool_use_id":null,"session_id":"s1",\
            "tool_use_result":{"type":"create","filePath":"notes/hello.txt"}}""";
    static final String BASH = """
            {"type":"assistant","message":{"id":"msg_3","role":"assistant","content":[{"type":"thinking","thinking":"hmm"},\
            {"type":"tool_use","id":"toolu_2","name":"Bash","input":{"command":"echo more >> notes/hello.txt","description":"Append"}}]},\
            "session_id":"s1"}""";
    static final String BASH_ERROR = """
            {"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_2","type":"tool_result",\
            "content":[{"type":"text","text":"line 1\\nline 2\\nline 3"}],"is_error":true}]},"session_id":"s1"}""";
    static final String SUCCESS = """
            {"type":"result","subtype":"success","is_error":false,"duration_ms":1626,"num_turns":3,"result":"All done.",\
            "stop_reason":"end_turn","session_id":"s1","total_cost_usd":0.00042,"usage":{"input_tokens":30,\
            "cache_creation_input_tokens":5,"cache_read_input_tokens":7,"output_tokens":15},"permission_denials":[],\
            "api_error_status":null}""";
    static final String RATE_LIMITED = """
            {"type":"result","subtype":"success","is_error":true,"duration_ms":300,"num_turns":1,\
            "result":"API Error: Request rejected (429) · rate limited","session_id":"s1","total_cost_usd":0,\
            "usage":{"input_tokens":0,"output_tokens":0},"api_error_status":429}""";

    private final StreamJsonParser parser = new StreamJsonParser(new Redactor(List.of(Secret.of(KEY))));

    private List<String> feed(String... lines) {
        List<String> log = new ArrayList<>();
        for (String line : lines) {
            log.addAll(parser.accept(line));
        }
        return log;
    }

    @Test
    void aWholeSessionBecomesReadableLogLines() {
        List<String> log = feed(INIT, TEXT, WRITE, WRITE_RESULT, BASH, BASH_ERROR, SUCCESS);

        assertEquals(List.of(
                "session: model claude-sonnet-4-5, 4 tools, permission mode bypassPermissions, in /work/chant-kv-x7m",
                "assistant: I will write the notes.",
                "  Then append.",
                "tool Write notes/hello.txt",
                "  Write result: File created successfully at: notes/hello.txt",
                "tool Bash echo more >> notes/hello.txt",
                "  Bash failed: line 1 (+2 lines)",
                "finished: success (3 turns, $0.00042, 30 in / 15 out tokens (cache: 7 read, 5 written)): All done."), log);
    }

    @Test
    void theOutcomeComesFromTheResultEvent() {
        feed(INIT, WRITE, WRITE_RESULT, SUCCESS);

        AgentOutcome outcome = parser.outcome(0, List.of());

        assertTrue(outcome.succeeded());
        assertEquals("success", outcome.kind());
        assertEquals(Optional.of("All done."), outcome.finalText());
        assertEquals(Optional.empty(), outcome.failureReason());
        assertEquals(Optional.of(new BigDecimal("0.00042")), outcome.costUsd());
        assertEquals(Optional.of(new TokenUsage(30, 15, 5, 7)), outcome.usage());
        assertEquals(Optional.of(3), outcome.turns());
    }

    @Test
    void aSuccessfulResultWinsOverANonZeroExitCode() {
        feed(SUCCESS);

        AgentOutcome outcome = parser.outcome(1, List.of("some warning"));

        assertTrue(outcome.succeeded());
        assertEquals(1, outcome.exitCode());
    }

    @Test
    void aRateLimitEndingWithExitCodeZeroIsAFailure() {
        List<String> log = feed(INIT, RATE_LIMITED);

        AgentOutcome outcome = parser.outcome(0, List.of());

        assertFalse(outcome.succeeded());
        assertEquals("error", outcome.kind());
        assertEquals("the Claude Code CLI ended with an error, API status 429: API Error: Request rejected (429) · rate limited",
                outcome.failureReason().orElseThrow());
        assertEquals("finished: success (error) (1 turns, $0, 0 in / 0 out tokens): API Error: Request rejected (429) · rate limited",
                log.get(1));
    }

    @Test
    void anErrorSubtypeIsAFailure() {
        feed("""
                {"type":"result","subtype":"error_max_turns","is_error":false,"num_turns":30,"total_cost_usd":1.5,\
                "usage":{"input_tokens":100,"output_tokens":50}}""");

        AgentOutcome outcome = parser.outcome(0, List.of());

        assertFalse(outcome.succeeded());
        assertEquals("error_max_turns", outcome.kind());
        assertEquals("the Claude Code CLI reported error_max_turns", outcome.failureReason().orElseThrow());
        assertEquals(Optional.of(new BigDecimal("1.5")), outcome.costUsd());
    }

    @Test
    void noResultEventIsAFailureWithTheLastStandardErrorLines() {
        feed(INIT, WRITE);

        AgentOutcome outcome = parser.outcome(0, List.of("Error: connect ECONNREFUSED 127.0.0.1:9", "giving up"));

        assertFalse(outcome.succeeded());
        assertEquals("no_result", outcome.kind());
        assertEquals("the Claude Code CLI ended (exit code 0) without a result: Error: connect ECONNREFUSED 127.0.0.1:9 | giving up",
                outcome.failureReason().orElseThrow());
        assertEquals(Optional.empty(), outcome.costUsd());
    }

    @Test
    void noOutputAtAllSaysSo() {
        assertEquals("the Claude Code CLI ended (exit code 1) without a result; it wrote nothing to standard error",
                parser.outcome(1, List.of()).failureReason().orElseThrow());
    }

    @Test
    void theApiKeyNeverReachesALogLineOrAReason() {
        List<String> log = feed(
                """
                {"type":"assistant","message":{"content":[{"type":"text","text":"The key is %s"},\
                {"type":"tool_use","id":"t9","name":"Bash","input":{"command":"echo %s"}}]}}""".formatted(KEY, KEY),
                """
                {"type":"user","message":{"content":[{"tool_use_id":"t9","type":"tool_result","content":"ANTHROPIC_API_KEY=%s"}]}}"""
                        .formatted(KEY),
                "not json " + KEY,
                """
                {"type":"result","subtype":"error_during_execution","is_error":true,"result":"bad key %s"}""".formatted(KEY));

        assertEquals(5, log.size(), log.toString());
        log.forEach(line -> assertFalse(line.contains(KEY), line));
        assertTrue(log.get(2).contains("ANTHROPIC_API_KEY=[redacted]"), log.get(2));
        assertFalse(parser.outcome(1, List.of("stderr " + KEY)).failureReason().orElseThrow().contains(KEY));
        assertFalse(parser.outcome(1, List.of()).finalText().orElseThrow().contains(KEY));
    }

    @Test
    void aKeyWhereALongLineIsCutShortIsRedactedNotHalved() {
        // The key straddles the point where log lines are cut short: redaction must come first.
        String padding = "x".repeat(StreamJsonParser.TEXT_MAX - 20);
        List<String> log = feed("""
                {"type":"assistant","message":{"content":[{"type":"text","text":"%s%s tail"}]}}""".formatted(padding, KEY),
                "not json " + padding + KEY);

        log.forEach(line -> assertFalse(line.contains(KEY.substring(0, 12)), line));
    }

    @Test
    void linesThatAreNotEventsAreShownAbbreviatedAndUnknownEventsAreSkipped() {
        assertEquals(List.of("output: warning: something"), feed("warning: something"));
        assertEquals(List.of(), feed("{\"type\":\"stream_event\",\"event\":{}}", "", "[1,2]".substring(0, 0)));
        assertEquals(List.of("output: [1,2]"), feed("[1,2]"));
        assertFalse(parser.hasResult());
    }

    @Test
    void toolDetailsNameWhatTheToolIsAbout() {
        assertEquals("src/Main.java", StreamJsonParser.toolDetail("Edit",
                parse("{\"file_path\":\"src/Main.java\",\"old_string\":\"a\",\"new_string\":\"b\"}")));
        assertEquals("**/*.java", StreamJsonParser.toolDetail("Glob", parse("{\"pattern\":\"**/*.java\"}")));
        assertEquals("{\"todos\":[]}", StreamJsonParser.toolDetail("TodoWrite", parse("{\"todos\":[]}")));
        assertEquals("", StreamJsonParser.toolDetail("Nothing", parse("{}")));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
