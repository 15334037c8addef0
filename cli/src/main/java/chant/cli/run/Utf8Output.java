package chant.cli.run;

import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes UTF-8 bytes that arrive in pieces as text: a character split between two pieces is
 * written whole when its last byte arrives. Bytes that are no UTF-8 become U+FFFD, as does a
 * character left incomplete at the {@link #finish() finish}. Each piece is flushed, so that a
 * follower sees the log as it grows.
 */
final class Utf8Output {
    private final PrintWriter out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** The bytes of a character that is not complete yet (at most 3). */
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private char last = '\n';
    private boolean finished;

    Utf8Output(PrintWriter out) {
        this.out = out;
    }

    /** Writes what {@code data} completes. */
    void write(ByteString data) {
        if (data.isEmpty()) {
            return;
        }
        ByteBuffer input;
        if (pending.hasRemaining()) {
            input = ByteBuffer.allocate(pending.remaining() + data.size());
            input.put(pending).put(data.asReadOnlyByteBuffer()).flip();
        } else {
            input = data.asReadOnlyByteBuffer();
        }
        decode(input, false);
        pending = input.hasRemaining() ? ByteBuffer.allocate(input.remaining()).put(input).flip() : ByteBuffer.allocate(0);
        out.flush();
    }

    /** Writes a character left incomplete (as U+FFFD); nothing is written after this. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        decode(pending, true);
        while (decoder.flush(chars) == CoderResult.OVERFLOW) {
            drain();
        }
        drain();
        pending = ByteBuffer.allocate(0);
        out.flush();
    }

    /** Whether the text written so far is empty or ends with a line break. */
    boolean atLineStart() {
        return last == '\n';
    }

    private void decode(ByteBuffer input, boolean endOfInput) {
        while (decoder.decode(input, chars, endOfInput) == CoderResult.OVERFLOW) {
            drain();
        }
        drain();
    }

    private void drain() {
        chars.flip();
        if (chars.hasRemaining()) {
            last = chars.get(chars.limit() - 1);
            out.append(chars);
        }
        chars.clear();
    }
}
