package chant.spec.lifecycle;

import chant.spec.content.Approval;
import chant.spec.content.SpecStatus;
import java.util.List;

/**
 * What the service knows about a spec when deciding a transition: its stored status, its
 * dependencies that are not completed or cancelled and its members that are still open (both as
 * human descriptions such as {@code "2026-01-01-001-abc (in_progress)"}), its approval (null when
 * it has none), its acceptance criteria counts, and whether it has commits (not checked yet).
 */
public record SpecFacts(
        SpecStatus from,
        List<String> unmetDependencies,
        Approval approval,
        int criteriaTotal,
        int criteriaChecked,
        List<String> openMembers,
        boolean hasCommits) {

    public SpecFacts {
        unmetDependencies = unmetDependencies == null ? List.of() : List.copyOf(unmetDependencies);
        openMembers = openMembers == null ? List.of() : List.copyOf(openMembers);
    }

    /** A spec in status {@code from} with every precondition met: nothing unmet, no approval, no criteria. */
    public static SpecFacts clear(SpecStatus from) {
        return new SpecFacts(from, List.of(), null, 0, 0, List.of(), false);
    }
}
