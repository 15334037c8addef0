package chant.merge.request;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.merge.remote.SpecInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which specs an archive request commits, judged as spec-service's ArchiveSpecs judges them, one by one. */
class ArchiveCheckTest {

    private static SpecInfo spec(String id, String status, String branch, String mergeCommit, boolean archived) {
        return new SpecInfo(id, "Title", status, false, "", branch, mergeCommit, mergeCommit.isEmpty() ? "" : "main",
                archived, archived ? "2026-12-01" : "");
    }

    private static Optional<SpecCheck.Verdict> check(SpecInfo spec, boolean force) {
        return ArchiveCheck.of(spec, force, List.of(), Set.of());
    }

    @Test
    void completedSpecsWithAMergedBranchOrNoneAreArchived() {
        assertEquals(Optional.empty(), check(spec("a", "completed", "chant/a", "abc", false), false));
        assertEquals(Optional.empty(), check(spec("a", "completed", "", "", false), false));
    }

    @Test
    void anUnmergedBranchAnOpenSpecAndACancelledOneWithoutForceAreRefusedWithTheReason() {
        assertEquals(Optional.of(new SpecCheck.Verdict(Outcome.REFUSED, "spec a's branch chant/a is not merged: merge it"
                + " first (chant merge a)")), check(spec("a", "completed", "chant/a", "", false), false));
        assertEquals(Outcome.REFUSED, check(spec("a", "in_progress", "", "", false), false).get().outcome());
        assertEquals(Optional.of(new SpecCheck.Verdict(Outcome.REFUSED, "spec a is cancelled: archive cancelled specs"
                + " with force (--force)")), check(spec("a", "cancelled", "chant/a", "", false), false));
        assertEquals(Optional.empty(), check(spec("a", "cancelled", "chant/a", "", false), true));
    }

    @Test
    void anArchivedSpecIsAlreadyArchived() {
        assertEquals(Outcome.ALREADY_ARCHIVED, check(spec("a", "completed", "", "", true), false).get().outcome());
    }

    @Test
    void aDriverGoesOnlyWithOrAfterItsMembers() {
        SpecInfo driver = spec("d", "completed", "", "", false);
        assertEquals(Optional.of(new SpecCheck.Verdict(Outcome.REFUSED, "spec d is a driver whose members d.2 are not"
                + " archived: archive them with it")), ArchiveCheck.of(driver, false, List.of("d.1", "d.2"),
                Set.of("d.1")));
        assertEquals(Optional.empty(), ArchiveCheck.of(driver, false, List.of("d.1", "d.2"), Set.of("d.1", "d.2")));
    }
}
