package chant.spec.lint;

import chant.spec.content.SpecContent;
import java.util.Set;

/** A spec to lint: its ID, its content, and the IDs of every spec of its project. */
public record LintInput(String id, SpecContent content, Set<String> knownIds) {

    public LintInput {
        knownIds = Set.copyOf(knownIds);
    }
}
