package chant.merge.request;

import java.util.List;

/**
 * What SubmitArchive asks for: the specs by ID, the target branch ({@code ""} for the project's
 * default), whether cancelled specs are archived too, and the idempotency key ({@code null} for none).
 */
public record NewArchive(String project, List<String> specIds, String targetBranch, boolean force,
        String requestId) {
}
