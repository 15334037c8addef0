package chant.agent.provider.openai;

/**
 * The chat-completions endpoint refused a request for good (a 4xx other than 429), or kept failing
 * after the retries. The message is for people, already redacted of the key.
 */
public final class ChatApiException extends Exception {

    private final int status;

    public ChatApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the endpoint could not be reached or answered something unreadable. */
    public int status() {
        return status;
    }
}
