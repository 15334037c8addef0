package chant.merge.queue;

import chant.merge.git.MergeRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The remote's target and the request's branches as one fetch at the start of a merge request saw
 * them, and the target as this worker's own pushes moved it since. It spares each spec a fetch of
 * its own: the target it merges onto is at worst stale, and then the compare-and-swap push fails and
 * the spec is worked out again on a fresh fetch. A branch is merged as it was when the request's
 * turn came. A spec whose refs the view does not know is fetched for itself.
 */
final class RemoteView {

    private final Map<String, String> heads;

    private RemoteView(Map<String, String> heads) {
        this.heads = heads;
    }

    /** One fetch of every branch of the remote, and the heads of the target and these branches. */
    static RemoteView fetch(MergeRepository repository, String target, List<String> branches) {
        repository.fetch();
        List<String> names = new ArrayList<>(branches);
        names.add(target);
        return new RemoteView(new HashMap<>(repository.remoteHeads(names.toArray(String[]::new))));
    }

    /** The heads of the target and the branch, when the view knows both. */
    Map<String, String> heads(String target, String branch) {
        if (!heads.containsKey(target) || !heads.containsKey(branch)) {
            return Map.of();
        }
        return Map.of(target, heads.get(target), branch, heads.get(branch));
    }

    /** What a fetch of one spec's refs found; a ref the remote no longer has is forgotten. */
    void saw(String target, String branch, Map<String, String> fetched) {
        for (String name : List.of(target, branch)) {
            if (fetched.containsKey(name)) {
                heads.put(name, fetched.get(name));
            } else {
                heads.remove(name);
            }
        }
    }

    /** This worker's push moved the target. */
    void pushed(String target, String commit) {
        heads.put(target, commit);
    }
}
