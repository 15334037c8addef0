package chant.spec.specs;

import chant.spec.content.SpecType;
import java.util.List;

/**
 * What {@code chant add} asks for: a title and body plus the fields a creator sets, and the
 * client's idempotency key (null when it sent none).
 */
public record NewSpec(
        String project,
        String title,
        String body,
        SpecType type,
        List<String> labels,
        List<String> dependsOn,
        List<String> informedBy,
        List<String> context,
        List<String> targetFiles,
        String prompt,
        String model,
        boolean needsApproval,
        String driver,
        String requestId) {
}
