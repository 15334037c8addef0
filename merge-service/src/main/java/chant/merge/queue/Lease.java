package chant.merge.queue;

/**
 * A process's hold on one queue (project, target branch). {@code epoch} grows with every claim of
 * the queue: a write fenced by it is refused once another process took the queue over.
 */
public record Lease(String project, String targetBranch, String holder, long epoch) {

    public String label() {
        return "queue " + project + "/" + targetBranch + " (holder " + holder + ", epoch " + epoch + ")";
    }
}
