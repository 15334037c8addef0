package chant.spec.audit;

import chant.spec.content.SpecStatus;
import java.time.OffsetDateTime;
import java.util.List;

/** One entry of the audit trail, as read back. */
public record SpecEvent(
        long sequence,
        OffsetDateTime time,
        String actor,
        String project,
        String specId,
        EventKind kind,
        String oldValue,
        String newValue,
        SpecStatus fromStatus,
        SpecStatus toStatus,
        boolean forced,
        String reason,
        List<String> labels) {
}
