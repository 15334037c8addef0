package chant.agent.log;

/**
 * Bytes of a run's log read at one moment: {@code data} starts at byte {@code offset}; {@code end}
 * is where the log ended when it was read, and {@code ended} whether the run had ended then (its
 * log is complete: no append is accepted after the end of a run).
 */
public record LogSlice(long offset, byte[] data, long end, boolean ended) {

    /** The offset after the last byte of this slice. */
    public long next() {
        return offset + data.length;
    }
}
