package chant.agent.log;

/**
 * Where a {@link LogFollower} sends a log: a stream to one client that says when it can take more
 * (flow control). Calls come from one thread at a time.
 */
public interface LogSink {

    /** Whether the client can take another piece now without it being buffered beyond its window. */
    boolean isReady();

    /** Sends bytes of the log starting at {@code offset}. */
    void send(long offset, byte[] data);

    /** Ends the stream: every byte was sent. */
    void complete();

    /** Ends the stream with a failure. */
    void fail(RuntimeException failure);
}
