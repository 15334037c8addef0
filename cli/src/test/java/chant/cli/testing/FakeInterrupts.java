package chant.cli.testing;

import chant.cli.Interrupts;
import java.util.concurrent.atomic.AtomicReference;

/** Ctrl-C on demand: {@link #press()} runs the handler registered now. */
public final class FakeInterrupts implements Interrupts {
    private final AtomicReference<Runnable> handler = new AtomicReference<>();

    @Override
    public Registration onInterrupt(Runnable newHandler) {
        if (!handler.compareAndSet(null, newHandler)) {
            throw new AssertionError("a second interrupt handler while one is registered");
        }
        return () -> handler.compareAndSet(newHandler, null);
    }

    /** Presses Ctrl-C: runs the registered handler (an AssertionError when none is). */
    public void press() {
        Runnable current = handler.get();
        if (current == null) {
            throw new AssertionError("Ctrl-C pressed while no handler is registered");
        }
        current.run();
    }

    /** Whether a handler is registered now. */
    public boolean registered() {
        return handler.get() != null;
    }
}
