package chant.merge.queue;

import chant.merge.request.Outcome;
import java.util.List;

/** What the worker decided for one spec, as recorded. */
public record Decision(Outcome outcome, String reason, List<String> conflicts, String mergeCommit, String targetBefore,
        String targetAfter) {

    public Decision {
        conflicts = List.copyOf(conflicts);
    }

    static Decision of(Outcome outcome, String reason) {
        return new Decision(outcome, reason, List.of(), "", "", "");
    }
}
