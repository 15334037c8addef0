package chant.spec.specs;

import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import java.util.List;

/**
 * A partial update: every null field is left as it is. {@code markdown}, when given, replaces the
 * whole file (fields and body) and must come alone. {@code reason} is recorded with a status change
 * ("edited" when null).
 */
public record SpecPatch(
        String title,
        String body,
        SpecType type,
        SpecStatus status,
        List<String> labels,
        List<String> dependsOn,
        List<String> informedBy,
        List<String> context,
        List<String> targetFiles,
        String prompt,
        String model,
        Boolean needsApproval,
        String markdown,
        List<String> commits,
        String branch,
        String completedAt,
        String reason) {

    boolean changesFields() {
        return title != null || body != null || type != null || status != null || labels != null
                || dependsOn != null || informedBy != null || context != null || targetFiles != null
                || prompt != null || model != null || needsApproval != null || commits != null || branch != null
                || completedAt != null;
    }
}
