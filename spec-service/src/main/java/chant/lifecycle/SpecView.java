package chant.lifecycle;

import chant.spec.Approval;
import chant.spec.SpecStatus;
import java.util.List;

/** What readiness needs to know of a spec: its ID, stored status, dependencies and approval (null when none). */
public record SpecView(String id, SpecStatus status, List<String> dependsOn, Approval approval) {

    public SpecView {
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
