package chant.bench;

/** Stops the benchmark with a message for the person running it. */
final class BenchException extends RuntimeException {

    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
