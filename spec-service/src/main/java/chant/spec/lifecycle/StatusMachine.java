package chant.spec.lifecycle;

import static chant.spec.content.SpecStatus.BLOCKED;
import static chant.spec.content.SpecStatus.CANCELLED;
import static chant.spec.content.SpecStatus.COMPLETED;
import static chant.spec.content.SpecStatus.FAILED;
import static chant.spec.content.SpecStatus.IN_PROGRESS;
import static chant.spec.content.SpecStatus.NEEDS_ATTENTION;
import static chant.spec.content.SpecStatus.PAUSED;
import static chant.spec.content.SpecStatus.PENDING;

import chant.spec.content.SpecStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one transition table of spec statuses, and the decision whether a requested transition may
 * happen. Every path that changes a status goes through {@link #decide}.
 *
 * <pre>
 * pending         -> in_progress, blocked, cancelled
 * blocked         -> pending, in_progress, cancelled
 * in_progress     -> completed, failed, needs_attention, paused, cancelled
 * failed          -> pending, in_progress
 * needs_attention -> pending, in_progress
 * paused          -> in_progress, cancelled
 * completed       -> pending
 * cancelled       -> pending
 * </pre>
 *
 * <p>{@code blocked} is derived (see {@link chant.spec.store.Blockers}) and can never be requested. Preconditions
 * ({@link Preconditions}) apply unless the request is forced; the table always applies.
 */
public final class StatusMachine {

    private static final Map<SpecStatus, Set<SpecStatus>> TABLE = table();

    private StatusMachine() {
    }

    private static Map<SpecStatus, Set<SpecStatus>> table() {
        Map<SpecStatus, Set<SpecStatus>> table = new EnumMap<>(SpecStatus.class);
        table.put(PENDING, EnumSet.of(IN_PROGRESS, BLOCKED, CANCELLED));
        table.put(BLOCKED, EnumSet.of(PENDING, IN_PROGRESS, CANCELLED));
        table.put(IN_PROGRESS, EnumSet.of(COMPLETED, FAILED, NEEDS_ATTENTION, PAUSED, CANCELLED));
        table.put(FAILED, EnumSet.of(PENDING, IN_PROGRESS));
        table.put(NEEDS_ATTENTION, EnumSet.of(PENDING, IN_PROGRESS));
        table.put(PAUSED, EnumSet.of(IN_PROGRESS, CANCELLED));
        table.put(COMPLETED, EnumSet.of(PENDING));
        table.put(CANCELLED, EnumSet.of(PENDING));
        table.replaceAll((from, targets) -> Collections.unmodifiableSet(targets));
        return Collections.unmodifiableMap(table);
    }

    /** Whether the table has the pair {@code from -> to}. */
    public static boolean allows(SpecStatus from, SpecStatus to) {
        return targets(from).contains(to);
    }

    /** The statuses the table lets {@code from} go to, in declaration order of {@link SpecStatus}. */
    public static Set<SpecStatus> targets(SpecStatus from) {
        return TABLE.get(from);
    }

    /**
     * Whether the request may happen given the facts. Refused, with every reason: a request for
     * {@code blocked}; a request for the current status; a pair the table lacks (force does not
     * help); a forced request without a reason; and, unforced, any unmet precondition.
     */
    public static Decision decide(TransitionRequest request, SpecFacts facts) {
        List<String> refusals = new ArrayList<>(tableRefusals(facts.from(), request.to()));
        if (request.force() && !request.hasReason()) {
            refusals.add("a forced transition needs a reason");
        }
        if (!refusals.isEmpty()) {
            return Decision.refuse(refusals);
        }
        if (request.force()) {
            return Decision.allowForced();
        }
        List<String> unmet = Preconditions.unmet(request.to(), facts);
        return unmet.isEmpty() ? Decision.allow() : Decision.refuse(unmet);
    }

    private static List<String> tableRefusals(SpecStatus from, SpecStatus to) {
        if (to == BLOCKED) {
            return List.of("blocked is derived from dependencies and approval; it cannot be set");
        }
        if (from == to) {
            return List.of("already " + to.yamlName());
        }
        if (!allows(from, to)) {
            return List.of(from.yamlName() + " cannot go to " + to.yamlName() + " (allowed: "
                    + targets(from).stream().map(SpecStatus::yamlName).collect(Collectors.joining(", ")) + ")");
        }
        return List.of();
    }
}
