package chant.spec.audit;

import java.util.List;

/** Which events to read: a project, optionally one spec or specs with one of some labels, after a sequence. */
public record EventQuery(long projectId, String projectName, String specId, List<String> anyLabels, long afterSequence) {

    public EventQuery {
        anyLabels = anyLabels == null ? List.of() : List.copyOf(anyLabels);
    }

    public EventQuery after(long sequence) {
        return new EventQuery(projectId, projectName, specId, anyLabels, sequence);
    }
}
