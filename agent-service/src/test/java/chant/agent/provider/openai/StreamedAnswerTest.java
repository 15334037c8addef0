package chant.agent.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rebuilding answers from chunks as different servers send them, and reading Retry-After. */
class StreamedAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChatAnswer rebuild(String... chunks) throws Exception {
        StreamedAnswer answer = new StreamedAnswer();
        for (String chunk : chunks) {
            answer.accept(JSON.readTree(chunk));
        }
        return answer.answer();
    }

    @Test
    void callsAreJoinedByIndexWhateverTheOrderOfTheirPieces() throws Exception {
        ChatAnswer answer = rebuild(
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Let me \"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"look.\",\"tool_calls\":[{\"index\":1,\"id\":\"b\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"list_files\",\"arguments\":\"{\\\"pa\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":"
                        + "{\"name\":\"read_\",\"arguments\":\"\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"file\","
                        + "\"arguments\":\"{\\\"path\\\":\\\"a\\\"}\"}},{\"index\":1,\"function\":{\"arguments\":\"th\\\":\\\".\\\"}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":5}}}");
        assertEquals("Let me look.", answer.text());
        assertEquals(List.of(new ToolCall("a", "read_file", "{\"path\":\"a\"}"), new ToolCall("b", "list_files", "{\"path\":\".\"}")),
                answer.toolCalls());
        assertEquals("tool_calls", answer.finishReason());
        assertEquals(7, answer.usage().orElseThrow().inputTokens());
        assertEquals(5, answer.usage().orElseThrow().cacheReadInputTokens());
    }

    @Test
    void piecesWithoutIndexBelongToTheirPositionAndAnswersWithoutUsageHaveNone() throws Exception {
        ChatAnswer answer = rebuild(
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"x\",\"function\":{\"name\":\"finish\","
                        + "\"arguments\":{\"summary\":\"ok\"}}}]},\"finish_reason\":\"stop\"}]}");
        assertEquals(List.of(new ToolCall("x", "finish", "{\"summary\":\"ok\"}")), answer.toolCalls());
        assertEquals(Optional.empty(), answer.usage());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), ChatClient.retryAfter("3"));
        assertEquals(Optional.of(Duration.ZERO), ChatClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), "a date passed");
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        Duration wait = ChatClient.retryAfter(later).orElseThrow();
        assertEquals(true, wait.compareTo(Duration.ofMinutes(50)) > 0, wait.toString());
        assertEquals(Optional.empty(), ChatClient.retryAfter("soon"));
    }
}
