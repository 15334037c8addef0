package chant.spec.lifecycle;

import java.util.List;

/**
 * The outcome of a transition request: whether it may happen, whether it was forced past its
 * preconditions, and, when refused, every unmet condition as a sentence a person can act on.
 */
public record Decision(boolean allowed, boolean forced, List<String> unmetConditions) {

    public Decision {
        unmetConditions = List.copyOf(unmetConditions);
    }

    static Decision allow() {
        return new Decision(true, false, List.of());
    }

    static Decision allowForced() {
        return new Decision(true, true, List.of());
    }

    static Decision refuse(List<String> unmetConditions) {
        return new Decision(false, false, unmetConditions);
    }
}
