package chant.merge.request;

import chant.merge.remote.SpecInfo;
import java.util.Optional;

/**
 * Whether a spec may be merged, judged from spec-service's view of it before anything is touched:
 * at submission, and again when the queue reaches it (the spec may have changed while it waited).
 */
public final class SpecCheck {

    /** The outcome decided without git, and why. */
    public record Verdict(Outcome outcome, String reason) {
    }

    private SpecCheck() {
    }

    /** REFUSED or ALREADY_MERGED with the reason; empty when the spec may be merged. */
    public static Optional<Verdict> of(SpecInfo spec) {
        if (spec.merged()) {
            return Optional.of(new Verdict(Outcome.ALREADY_MERGED, "already merged into "
                    + (spec.mergedInto().isEmpty() ? "its target" : spec.mergedInto()) + " as " + spec.mergeCommit()));
        }
        if (!spec.completed()) {
            return Optional.of(new Verdict(Outcome.REFUSED, "spec " + spec.id() + " is " + spec.status()
                    + ", not completed: only completed specs are merged"));
        }
        if (spec.approvalRequired() && !spec.approvalStatus().equals("approved")) {
            return Optional.of(new Verdict(Outcome.REFUSED, "spec " + spec.id() + " requires approval and is "
                    + (spec.approvalStatus().isEmpty() ? "not approved" : spec.approvalStatus())
                    + ": approve it first (chant approve " + spec.id() + ")"));
        }
        if (spec.branch().isEmpty()) {
            return Optional.of(new Verdict(Outcome.REFUSED, "spec " + spec.id()
                    + " has no branch: nothing records where its work is"));
        }
        return Optional.empty();
    }
}
