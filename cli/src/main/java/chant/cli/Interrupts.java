package chant.cli;

/**
 * Ctrl-C (SIGINT) while a command follows something long: the command registers what to do, for
 * example say how to follow again, and closes the registration when it is done. Tests pass one
 * they trigger themselves.
 */
public interface Interrupts {

    /**
     * Runs {@code handler} when the process is interrupted, until the returned registration is
     * closed. The handler runs on another thread, while the command is still busy; it must say
     * what it has to say itself, as the process may end as soon as it returns.
     */
    Registration onInterrupt(Runnable handler);

    /** Undoes an {@link #onInterrupt}; closing it twice is harmless. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A JVM shutdown hook: Ctrl-C (and a plain kill) runs it and then ends the process (with exit
     * status 130 for Ctrl-C). A registration closed after the shutdown began stays: the process is
     * ending anyway.
     */
    static Interrupts system() {
        return handler -> {
            Thread hook = new Thread(handler, "chant-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook runs or has run: nothing to undo.
                }
            };
        };
    }
}
