package chant.merge.remote;

/**
 * A run as agent-service reports it: whether it ended and how, and whether its result reached the spec
 * ({@code specDelivery}: "" none, "pending", "delivered", or "refused: why"; {@code specStatusAfter} the spec's
 * status once delivered), for a merge-conflict run; what its command did, for a verify run.
 */
public record RunInfo(long id, String status, boolean ended, boolean succeeded, String endReason, String specDelivery,
        String specStatusAfter, java.util.Optional<chant.support.verify.Verification> verification) {

    /** The run ended and its result reached the spec (or was refused for good): nothing more will change. */
    public boolean settled() {
        return ended && !specDelivery.equals("pending");
    }

    /** The run resolved the conflict and the spec is completed again: merge it. */
    public boolean resolved() {
        return succeeded && specDelivery.equals("delivered") && specStatusAfter.equals("completed");
    }

    /** Why the run did not resolve the conflict, for a person to read. */
    public String failure() {
        if (!succeeded) {
            return "merge-conflict run " + id + " " + status + (endReason.isEmpty() ? "" : ": " + endReason);
        }
        if (specDelivery.startsWith("refused")) {
            return "merge-conflict run " + id + " succeeded but spec-service " + specDelivery;
        }
        return "merge-conflict run " + id + " succeeded but the spec is " + specStatusAfter + ", not completed";
    }
}
