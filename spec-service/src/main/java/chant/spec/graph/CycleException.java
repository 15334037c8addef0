package chant.spec.graph;

import chant.support.failure.PreconditionFailedException;
import java.util.List;

/** Dependencies that go round in a circle, so that no order satisfies them. */
public final class CycleException extends PreconditionFailedException {

    private final List<String> cycle;

    /** @param cycle the path of the cycle, starting and ending at the same ID */
    public CycleException(List<String> cycle) {
        super("dependency cycle: " + describe(cycle));
        this.cycle = List.copyOf(cycle);
    }

    /** The path of the cycle, starting and ending at the same ID: {@code [a, b, a]}. */
    public List<String> cycle() {
        return cycle;
    }

    /** A cycle path for people: {@code a -> b -> a}. */
    public static String describe(List<String> cycle) {
        return String.join(" -> ", cycle);
    }
}
