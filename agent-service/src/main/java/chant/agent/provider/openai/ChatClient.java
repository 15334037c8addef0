package chant.agent.provider.openai;

import chant.agent.provider.LogText;
import chant.agent.provider.TokenUsage;
import chant.agent.secret.Redactor;
import chant.agent.secret.Secret;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Posts chat-completions requests to an OpenAI-compatible endpoint and reads the answer, streamed
 * (server-sent events, rebuilt by {@link StreamedAnswer}) or whole. A 429 or a 5xx, and a
 * connection that fails, are tried again up to {@link #MAX_ATTEMPTS} times: after the server's
 * {@code Retry-After} (seconds or a date; {@code retry-after-ms} too) when it sends one, capped at
 * {@link #MAX_RETRY_AFTER}, else after a backoff that doubles from the settings' base up to
 * {@link #MAX_BACKOFF}; each wait is said in the log. Any other refusal ends at once with a
 * {@link ChatApiException} whose message says what to check. The key goes only into the
 * {@code Authorization} header; everything the server says passes the {@link Redactor} first.
 */
final class ChatClient {

    static final int MAX_ATTEMPTS = 6;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** How long a request may wait for the answer's first byte (a large model's first token can take a while). */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
    static final int ERROR_BODY_MAX = 64 * 1024;
    static final int ERROR_SHOWN = 300;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final Secret key;
    private final boolean stream;
    private final Duration retryBase;
    private final Redactor redactor;
    private final Consumer<String> log;
    /** Set by {@link #abort()}: the run is being stopped. */
    private volatile boolean aborted;
    private volatile java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> pending;
    private volatile InputStream reading;

    ChatClient(HttpClient http, URI endpoint, Secret key, boolean stream, Duration retryBase, Redactor redactor,
            Consumer<String> log) {
        this.http = http;
        this.endpoint = endpoint;
        this.key = key;
        this.stream = stream;
        this.retryBase = retryBase;
        this.redactor = redactor;
        this.log = log;
    }

    /** The model's answer to {@code request} (model, messages, tools; {@code stream} is set here). */
    ChatAnswer complete(ObjectNode request) throws ChatApiException, InterruptedException {
        request.put("stream", stream);
        if (stream) {
            // Without it a streamed answer reports no usage at all.
            request.putObject("stream_options").put("include_usage", true);
        } else {
            request.remove("stream_options");
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat request", e);
        }
        for (int attempt = 1; ; attempt++) {
            HttpRequest post = HttpRequest.newBuilder(endpoint)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Accept", stream ? "text/event-stream" : "application/json")
                    .header("Authorization", "Bearer " + key.reveal())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            Duration wait;
            String why;
            checkAborted();
            try {
                HttpResponse<InputStream> response = send(post);
                int status = response.statusCode();
                try (InputStream in = response.body()) {
                    reading = in;
                    checkAborted();
                    if (status / 100 == 2) {
                        ChatAnswer answer = stream ? readStream(in) : readWhole(in);
                        checkAborted();
                        return answer;
                    }
                    String message = errorMessage(in.readNBytes(ERROR_BODY_MAX));
                    if (!retryable(status) || attempt == MAX_ATTEMPTS) {
                        throw new ChatApiException(status, refusal(status, message, attempt));
                    }
                    wait = retryAfter(response).orElse(backoff(attempt));
                    why = "HTTP " + status + (status == 429 ? " (rate limited)" : "") + (message.isEmpty() ? "" : ": " + message);
                }
            } catch (IOException e) {
                if (aborted || Thread.currentThread().isInterrupted()) {
                    // A read of the stream that was interrupted (the run is being stopped) is no failure to retry.
                    throw new InterruptedException("stopped while reading the model's answer");
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new ChatApiException(0, redactor.redact("the model API at " + endpoint + " could not be reached or"
                            + " broke off its answer " + MAX_ATTEMPTS + " times: " + describe(e) + "; check "
                            + OpenAiSettings.BASE_URL));
                }
                wait = backoff(attempt);
                why = describe(e);
            }
            log.accept(redactor.redact("model API: " + why + "; trying again in " + seconds(wait) + " (attempt "
                    + (attempt + 1) + " of " + MAX_ATTEMPTS + ")"));
            Thread.sleep(wait.toMillis());
        }
    }

    /**
     * Stops the request under way, from another thread: the wait for the answer ends and the stream
     * being read is closed, so {@link #complete} throws {@link InterruptedException} at once. (An
     * interrupt alone does not do: a read of the JDK's response stream was seen to miss it and wait on.)
     */
    void abort() {
        aborted = true;
        var future = pending;
        if (future != null) {
            future.cancel(true);
        }
        InputStream in = reading;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }

    private void checkAborted() throws InterruptedException {
        if (aborted) {
            throw new InterruptedException("the request to the model was stopped");
        }
    }

    private HttpResponse<InputStream> send(HttpRequest post) throws IOException, InterruptedException {
        var future = http.sendAsync(post, HttpResponse.BodyHandlers.ofInputStream());
        pending = future;
        try {
            checkAborted();
            return future.get();
        } catch (java.util.concurrent.CancellationException e) {
            checkAborted();
            throw new IOException("the request was cancelled");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } finally {
            pending = null;
        }
    }

    static boolean retryable(int status) {
        return status == 429 || status / 100 == 5;
    }

    /** {@code base * 2^(attempt-1)}, capped. */
    Duration backoff(int attempt) {
        long millis = retryBase.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /** The server's wish: {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date; capped. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<Duration> wish = response.headers().firstValue("retry-after-ms").flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(v.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        if (wish.isEmpty()) {
            wish = response.headers().firstValue("retry-after").flatMap(ChatClient::retryAfter);
        }
        return wish.map(w -> w.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : w);
    }

    static Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    private String refusal(int status, String message, int attempts) {
        String said = message.isEmpty() ? "" : ": " + message;
        String text;
        if (retryable(status)) {
            text = "the model API still answered HTTP " + status + " after " + attempts + " attempts" + said;
        } else if (status == 401 || status == 403) {
            text = "the model API refused the key (HTTP " + status + ")" + said + "; check " + OpenAiSettings.API_KEY
                    + " (or " + OpenAiSettings.API_KEY_FILE + ")";
        } else if (status == 404) {
            text = "the model API has no such endpoint or model (HTTP 404)" + said + "; check " + OpenAiSettings.BASE_URL
                    + " (the part before /chat/completions) and the model's name";
        } else {
            text = "the model API refused the request (HTTP " + status + ")" + said;
        }
        return redactor.redact(text);
    }

    /** The {@code error.message} of an OpenAI-style error body, else the body's first line; redacted, shortened. */
    private String errorMessage(byte[] raw) {
        String body = redactor.redact(new String(raw, StandardCharsets.UTF_8));
        String message = body;
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null) {
                JsonNode error = json.path("error");
                if (error.path("message").isTextual()) {
                    message = error.get("message").asText();
                } else if (error.isTextual()) {
                    message = error.asText();
                } else if (json.path("message").isTextual()) {
                    message = json.get("message").asText();
                }
            }
        } catch (IOException notJson) {
            // shown as it is
        }
        return message.isBlank() ? "" : LogText.abbreviate(message, ERROR_SHOWN);
    }

    private ChatAnswer readWhole(InputStream in) throws IOException, ChatApiException {
        JsonNode json;
        try {
            json = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new ChatApiException(200, "the model API's answer is not JSON: " + e.getOriginalMessage());
        }
        rejectError(json);
        JsonNode choice = json.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode call = toolCalls.get(i);
            JsonNode arguments = call.path("function").path("arguments");
            calls.add(new ToolCall(call.path("id").asText("call_" + i), call.path("function").path("name").asText(""),
                    arguments.isTextual() ? arguments.asText() : arguments.isMissingNode() ? "" : arguments.toString()));
        }
        String text = message.path("content").isTextual() ? message.get("content").asText() : "";
        return new ChatAnswer(text, calls, choice.path("finish_reason").asText(""),
                json.path("usage").isObject() ? Optional.of(usage(json.get("usage"))) : Optional.empty());
    }

    /** Server-sent events: {@code data: <chunk>} lines until {@code data: [DONE]} (or the end of the stream). */
    private ChatAnswer readStream(InputStream in) throws IOException, ChatApiException {
        StreamedAnswer answer = new StreamedAnswer();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        boolean done = false;
        boolean any = false;
        while (!done && (line = reader.readLine()) != null) {
            if (!line.startsWith("data:")) {
                continue; // event names, ids, comments (keep-alives) and the blank lines between events
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                done = true;
            } else if (!data.isEmpty()) {
                JsonNode chunk;
                try {
                    chunk = JSON.readTree(data);
                } catch (JsonProcessingException e) {
                    throw new ChatApiException(200, "the model API streamed something that is not JSON: "
                            + LogText.abbreviate(redactor.redact(data), ERROR_SHOWN));
                }
                rejectError(chunk);
                answer.accept(chunk);
                any = true;
            }
        }
        if (!any) {
            throw new IOException("the streamed answer ended before its first chunk");
        }
        return answer.answer();
    }

    private void rejectError(JsonNode json) throws ChatApiException {
        JsonNode error = json.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            String message = error.path("message").isTextual() ? error.get("message").asText() : error.toString();
            throw new ChatApiException(200, redactor.redact("the model API reported an error: "
                    + LogText.abbreviate(message, ERROR_SHOWN)));
        }
    }

    static TokenUsage usage(JsonNode usage) {
        return new TokenUsage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0), 0,
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static String seconds(Duration wait) {
        long millis = wait.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
