package chant.lifecycle;

import static chant.spec.SpecStatus.BLOCKED;
import static chant.spec.SpecStatus.CANCELLED;
import static chant.spec.SpecStatus.COMPLETED;
import static chant.spec.SpecStatus.FAILED;
import static chant.spec.SpecStatus.IN_PROGRESS;
import static chant.spec.SpecStatus.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.lifecycle.Blocker.Kind;
import chant.spec.Approval;
import chant.spec.ApprovalStatus;
import chant.spec.SpecStatus;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReadinessTest {

    private final Map<String, SpecView> specs = new HashMap<>();

    private SpecView spec(String id, SpecStatus status, String... dependsOn) {
        SpecView view = new SpecView(id, status, List.of(dependsOn), null);
        specs.put(id, view);
        return view;
    }

    private List<Blocker> blockersOf(SpecView spec, SpecView... siblings) {
        return Readiness.blockers(spec, id -> Optional.ofNullable(specs.get(id)), List.of(siblings));
    }

    @Nested
    class Dependencies {

        @Test
        void areMetWhenCompletedOrCancelled() {
            spec("done", COMPLETED);
            spec("dropped", CANCELLED);

            assertEquals(List.of(), blockersOf(spec("a", PENDING, "done", "dropped")));
        }

        @ParameterizedTest
        @EnumSource(value = SpecStatus.class, names = {"COMPLETED", "CANCELLED"}, mode = EnumSource.Mode.EXCLUDE)
        void blockInAnyOtherStatus(SpecStatus status) {
            spec("dep", status);

            assertEquals(List.of(new Blocker(Kind.DEPENDENCY, "dep", status, "depends on dep, which is "
                    + status.yamlName())), blockersOf(spec("a", PENDING, "dep")));
        }

        @Test
        void blockWhenUnknown() {
            assertEquals(List.of(new Blocker(Kind.DEPENDENCY, "ghost", null, "unknown spec ghost")),
                    blockersOf(spec("a", PENDING, "ghost")));
        }

        @Test
        void areEachListedOnce() {
            spec("dep", IN_PROGRESS);

            assertEquals(1, blockersOf(spec("a", PENDING, "dep", "dep")).size());
        }
    }

    @Nested
    class Members {

        @Test
        void ignoreADependencyOnTheirOwnDriverOrAncestor() {
            spec("x", IN_PROGRESS);
            spec("x.1", IN_PROGRESS);

            assertEquals(List.of(), blockersOf(spec("x.1.1", PENDING, "x", "x.1")));
        }

        @Test
        void inheritTheDependenciesOfTheirDriver() {
            spec("ext", IN_PROGRESS);
            spec("x", PENDING, "ext");

            assertEquals(List.of(new Blocker(Kind.DRIVER_DEPENDENCY, "ext", IN_PROGRESS,
                    "driver x depends on ext, which is in_progress")), blockersOf(spec("x.1", PENDING)));
        }

        @Test
        void inheritAnUnknownDependencyOfTheirDriver() {
            spec("x", PENDING, "ghost");

            assertEquals(List.of(new Blocker(Kind.DRIVER_DEPENDENCY, "ghost", null,
                    "driver x depends on unknown spec ghost")), blockersOf(spec("x.1", PENDING)));
        }

        @Test
        void neverWaitOnDriverDependenciesThatAreTheirSiblingsOrThemselves() {
            SpecView second = spec("x.2", PENDING);
            spec("x", PENDING, "x.1", "x.2");

            assertEquals(List.of(), blockersOf(spec("x.1", PENDING), second));
        }

        @Test
        void listADependencySharedWithTheDriverOnlyAsTheirOwn() {
            spec("ext", PENDING);
            spec("x", PENDING, "ext");

            assertEquals(List.of(Kind.DEPENDENCY), kinds(blockersOf(spec("x.1", PENDING, "ext"))));
        }

        @Test
        void withoutOwnDependenciesWaitForEarlierSiblingsInMemberOrder() {
            spec("x", IN_PROGRESS);
            SpecView first = spec("x.1", COMPLETED);
            SpecView second = spec("x.2", IN_PROGRESS);
            SpecView ninth = spec("x.9", PENDING);
            SpecView tenth = spec("x.10", PENDING);
            SpecView eleventh = spec("x.11", PENDING);

            List<Blocker> blockers = blockersOf(spec("x.10", PENDING), eleventh, ninth, first, second, tenth);

            assertEquals(List.of(
                    new Blocker(Kind.EARLIER_SIBLING, "x.2", IN_PROGRESS, "earlier member x.2 is in_progress"),
                    new Blocker(Kind.EARLIER_SIBLING, "x.9", PENDING, "earlier member x.9 is pending")), blockers);
        }

        @Test
        void whoseOnlyDependencyIsTheirDriverStillWaitForEarlierSiblings() {
            spec("x", IN_PROGRESS);
            SpecView first = spec("x.1", FAILED);

            assertEquals(List.of(Kind.EARLIER_SIBLING), kinds(blockersOf(spec("x.2", PENDING, "x"), first)));
        }

        @Test
        void withOwnDependenciesDoNotWaitForEarlierSiblings() {
            spec("x", IN_PROGRESS);
            spec("done", COMPLETED);
            SpecView first = spec("x.1", PENDING);

            assertEquals(List.of(), blockersOf(spec("x.2", PENDING, "done"), first));
        }

        @Test
        void ignoreSiblingsOfAnotherDriver() {
            SpecView stranger = spec("y.1", PENDING);

            assertEquals(List.of(), blockersOf(spec("x.2", PENDING), stranger));
        }

        @Test
        void withoutAStoredDriverInheritNothing() {
            assertEquals(List.of(), blockersOf(spec("orphan.1", PENDING)));
        }
    }

    @Nested
    class Approvals {

        @Test
        void blockWhilePending() {
            SpecView spec = new SpecView("a", PENDING, List.of(), Approval.pendingRequired());

            assertEquals(List.of(new Blocker(Kind.APPROVAL, null, null, "approval pending")), blockersOf(spec));
        }

        @Test
        void blockWhenRejectedNamingWhoRejected() {
            SpecView spec = new SpecView("a", PENDING, List.of(),
                    new Approval(true, ApprovalStatus.REJECTED, "bob", "2026-01-02T00:00:00Z"));

            assertEquals(List.of(new Blocker(Kind.APPROVAL, null, null, "approval rejected by bob")), blockersOf(spec));
        }

        @Test
        void doNotBlockWhenApprovedOrNotRequired() {
            SpecView approved = new SpecView("a", PENDING, List.of(),
                    new Approval(true, ApprovalStatus.APPROVED, "alice", "2026-01-02T00:00:00Z"));
            SpecView notRequired = new SpecView("b", PENDING, List.of(),
                    new Approval(false, ApprovalStatus.PENDING, null, null));

            assertEquals(List.of(), blockersOf(approved));
            assertEquals(List.of(), blockersOf(notRequired));
        }
    }

    @Test
    void listsEveryBlockerInRuleOrder() {
        spec("dep", PENDING);
        spec("x", PENDING, "ext");
        SpecView spec = new SpecView("x.1", PENDING, List.of("dep"), Approval.pendingRequired());

        assertEquals(List.of(Kind.DEPENDENCY, Kind.DRIVER_DEPENDENCY, Kind.APPROVAL), kinds(blockersOf(spec)));
    }

    @Nested
    class ReadyAndEffectiveStatus {

        private final Blocker blocker = new Blocker(Kind.APPROVAL, null, null, "approval pending");

        @ParameterizedTest
        @EnumSource(SpecStatus.class)
        void readyOnlyWhenStartableAndUnblocked(SpecStatus status) {
            SpecView spec = new SpecView("a", status, List.of(), null);
            boolean startable = Arrays.asList(PENDING, FAILED, BLOCKED).contains(status);

            assertEquals(startable, Readiness.isReady(spec, List.of()));
            assertFalse(Readiness.isReady(spec, List.of(blocker)));
        }

        @Test
        void pendingWithBlockersShowsAsBlocked() {
            assertEquals(BLOCKED, Readiness.effectiveStatus(new SpecView("a", PENDING, List.of(), null), List.of(blocker)));
            assertEquals(BLOCKED, Readiness.effectiveStatus(new SpecView("a", BLOCKED, List.of(), null), List.of(blocker)));
        }

        @Test
        void storedBlockedWithoutBlockersShowsAsPending() {
            assertEquals(PENDING, Readiness.effectiveStatus(new SpecView("a", BLOCKED, List.of(), null), List.of()));
            assertEquals(PENDING, Readiness.effectiveStatus(new SpecView("a", PENDING, List.of(), null), List.of()));
        }

        @ParameterizedTest
        @EnumSource(value = SpecStatus.class, names = {"PENDING", "BLOCKED"}, mode = EnumSource.Mode.EXCLUDE)
        void otherStatusesShowAsStored(SpecStatus status) {
            assertEquals(status, Readiness.effectiveStatus(new SpecView("a", status, List.of(), null), List.of(blocker)));
        }

        @Test
        void doneMeansCompletedOrCancelled() {
            assertTrue(Readiness.isDone(COMPLETED));
            assertTrue(Readiness.isDone(CANCELLED));
            assertFalse(Readiness.isDone(FAILED));
        }
    }

    private static List<Kind> kinds(List<Blocker> blockers) {
        return blockers.stream().map(Blocker::kind).toList();
    }
}
