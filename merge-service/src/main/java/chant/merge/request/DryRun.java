package chant.merge.request;

import chant.merge.git.BranchMerger;
import chant.merge.git.MergeRepository;
import chant.merge.git.Merged;
import chant.merge.git.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out every pending spec of a request against the target as it is on the remote now, one
 * after the other as the queue would (each on the result of the ones before it), without moving
 * anything: the merges are loose objects in merge-service's own repository, and no ref changes but
 * the remote-tracking ones a fetch moves.
 */
final class DryRun {

    private DryRun() {
    }

    static List<Planned> of(MergeRepository repository, String target, Strategy strategy, String requestedBy,
            List<Planned> items) {
        repository.fetch();
        Optional<String> head = repository.remoteHead(target);
        BranchMerger merger = new BranchMerger(repository);
        List<Planned> worked = new ArrayList<>();
        String current = head.orElse(null);
        for (Planned item : items) {
            if (item.outcome() != Outcome.PENDING) {
                worked.add(item);
                continue;
            }
            if (current == null) {
                worked.add(item.decided(Outcome.REFUSED, "the target branch " + target + " does not exist on the remote",
                        List.of()));
                continue;
            }
            Optional<String> branchHead = repository.remoteHead(item.branch());
            if (branchHead.isEmpty()) {
                worked.add(item.decided(Outcome.REFUSED, "branch " + item.branch()
                        + " does not exist on the remote: was the spec's work pushed?", List.of()));
                continue;
            }
            Merged merged = merger.merge(current, branchHead.get(), strategy,
                    new BranchMerger.Names(item.branch(), item.specId(), item.title(), requestedBy));
            worked.add(switch (merged.kind()) {
                case MERGED -> new Planned(item.specId(), item.title(), item.branch(), Outcome.MERGEABLE,
                        "would merge cleanly", List.of(), merged.mergeCommit(), merged.targetBefore(),
                        merged.targetAfter());
                case ALREADY_MERGED -> item.decided(Outcome.ALREADY_MERGED, merged.reason(), List.of());
                case CONFLICT -> item.decided(Outcome.CONFLICT, merged.reason(), merged.conflicts());
                case REFUSED -> item.decided(Outcome.REFUSED, merged.reason(), List.of());
            });
            if (merged.kind() == Merged.Kind.MERGED) {
                current = merged.targetAfter();
            }
        }
        return worked;
    }
}
