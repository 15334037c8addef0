package chant.merge.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.remote.SpecInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which specs may be merged, judged before anything is touched. */
class SpecCheckTest {

    private static SpecInfo spec(String status, boolean approvalRequired, String approval, String branch,
            String mergeCommit) {
        return new SpecInfo("s1", "Fix it", status, approvalRequired, approval, branch, mergeCommit,
                mergeCommit.isEmpty() ? "" : "main");
    }

    @Test
    void aCompletedSpecWithABranchMayBeMerged() {
        assertEquals(Optional.empty(), SpecCheck.of(spec("completed", false, "", "chant/s1", "")));
        assertEquals(Optional.empty(), SpecCheck.of(spec("completed", true, "approved", "chant/s1", "")));
    }

    @Test
    void eachReasonIsSaid() {
        SpecCheck.Verdict notDone = SpecCheck.of(spec("in_progress", false, "", "chant/s1", "")).orElseThrow();
        assertEquals(Outcome.REFUSED, notDone.outcome());
        assertTrue(notDone.reason().contains("is in_progress, not completed"));
        SpecCheck.Verdict unapproved = SpecCheck.of(spec("completed", true, "rejected", "chant/s1", "")).orElseThrow();
        assertTrue(unapproved.reason().contains("requires approval and is rejected"), unapproved.reason());
        SpecCheck.Verdict noBranch = SpecCheck.of(spec("completed", false, "", "", "")).orElseThrow();
        assertTrue(noBranch.reason().contains("has no branch"));
    }

    @Test
    void aRecordedMergeIsAlreadyMergedNotAnError() {
        SpecCheck.Verdict merged = SpecCheck.of(spec("completed", false, "", "chant/s1", "a".repeat(40))).orElseThrow();
        assertEquals(Outcome.ALREADY_MERGED, merged.outcome());
        assertTrue(merged.reason().contains("main"));
    }
}
