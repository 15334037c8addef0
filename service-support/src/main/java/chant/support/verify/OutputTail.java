package chant.support.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes of a stream, drained as it comes so that a chatty command never
 * blocks on a full pipe and never fills the service's memory; how many bytes there were in all.
 */
final class OutputTail {

    private final byte[] ring;
    private long total;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Reads {@code in} to its end (or until it fails: a killed process's pipe). */
    void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                add(buffer, n);
            }
        } catch (IOException ended) {
            // the process was killed or the stream closed; what was read is kept
        }
    }

    private synchronized void add(byte[] bytes, int n) {
        for (int i = 0; i < n; i++) {
            ring[(int) ((total + i) % ring.length)] = bytes[i];
        }
        total += n;
    }

    /** The tail as text; when output was left out, a first line says how much. */
    synchronized String text() {
        int kept = (int) Math.min(total, ring.length);
        byte[] last = new byte[kept];
        long start = total - kept;
        for (int i = 0; i < kept; i++) {
            last[i] = ring[(int) ((start + i) % ring.length)];
        }
        String text = new String(last, StandardCharsets.UTF_8);
        if (start > 0) {
            // The cut may fall inside a character: start at the next line when there is one.
            int newline = text.indexOf('\n');
            if (newline >= 0 && newline < text.length() - 1) {
                text = text.substring(newline + 1);
            }
            return "[... the output had " + total + " bytes; only its end is kept ...]\n" + text;
        }
        return text;
    }
}
