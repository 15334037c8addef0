package chant.spec.lifecycle;

import static chant.spec.content.SpecStatus.BLOCKED;
import static chant.spec.content.SpecStatus.CANCELLED;
import static chant.spec.content.SpecStatus.COMPLETED;
import static chant.spec.content.SpecStatus.FAILED;
import static chant.spec.content.SpecStatus.IN_PROGRESS;
import static chant.spec.content.SpecStatus.PAUSED;
import static chant.spec.content.SpecStatus.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.SpecStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class StatusMachineTest {

    /** Section 3 of the behaviour reference, written out independently of the production table. */
    private static final Map<String, String> REFERENCE = Map.of(
            "pending", "in_progress blocked cancelled",
            "blocked", "pending in_progress cancelled",
            "in_progress", "completed failed needs_attention paused cancelled",
            "failed", "pending in_progress",
            "needs_attention", "pending in_progress",
            "paused", "in_progress cancelled",
            "completed", "pending",
            "cancelled", "pending");

    private static boolean inReference(SpecStatus from, SpecStatus to) {
        return Arrays.asList(REFERENCE.get(from.yamlName()).split(" ")).contains(to.yamlName());
    }

    static Stream<Arguments> everyPair() {
        return Arrays.stream(SpecStatus.values())
                .flatMap(from -> Arrays.stream(SpecStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void allowsExactlyThePairsOfTheTable(SpecStatus from, SpecStatus to) {
        assertEquals(inReference(from, to), StatusMachine.allows(from, to));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void decidesEveryPairAsTheTableSaysWhenNothingIsUnmet(SpecStatus from, SpecStatus to) {
        Decision decision = StatusMachine.decide(TransitionRequest.to(to), SpecFacts.clear(from));

        assertEquals(inReference(from, to) && to != BLOCKED, decision.allowed());
        assertFalse(decision.forced());
        assertEquals(decision.allowed(), decision.unmetConditions().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(SpecStatus.class)
    void targetsAreTheRowOfTheTable(SpecStatus from) {
        Set<String> expected = Set.of(REFERENCE.get(from.yamlName()).split(" "));

        assertEquals(expected, StatusMachine.targets(from).stream().map(SpecStatus::yamlName).collect(Collectors.toSet()));
    }

    @Test
    void refusesAPairOutsideTheTableNamingTheAllowedTargets() {
        Decision decision = StatusMachine.decide(TransitionRequest.to(IN_PROGRESS), SpecFacts.clear(COMPLETED));

        assertEquals(List.of("completed cannot go to in_progress (allowed: pending)"), decision.unmetConditions());
    }

    @Test
    void refusesTheCurrentStatus() {
        Decision decision = StatusMachine.decide(TransitionRequest.to(PAUSED), SpecFacts.clear(PAUSED));

        assertEquals(List.of("already paused"), decision.unmetConditions());
    }

    @ParameterizedTest
    @EnumSource(SpecStatus.class)
    void neverSetsBlockedEvenWhenForced(SpecStatus from) {
        Decision decision = StatusMachine.decide(TransitionRequest.forced(BLOCKED, "because"), SpecFacts.clear(from));

        assertFalse(decision.allowed());
        assertEquals(List.of("blocked is derived from dependencies and approval; it cannot be set"),
                decision.unmetConditions());
    }

    @Nested
    class ToInProgress {

        @Test
        void needsEveryDependencyDone() {
            SpecFacts facts = withDependencies("dependency 2026-01-01-001-abc is in_progress", "dependency 2026-01-01-002-def is pending");

            Decision decision = StatusMachine.decide(TransitionRequest.to(IN_PROGRESS), facts);

            assertFalse(decision.allowed());
            assertEquals(List.of(
                    "dependency 2026-01-01-001-abc is in_progress: complete or cancel it first",
                    "dependency 2026-01-01-002-def is pending: complete or cancel it first"),
                    decision.unmetConditions());
        }

        @Test
        void needsPendingApprovalGranted() {
            Decision decision = StatusMachine.decide(TransitionRequest.to(IN_PROGRESS),
                    withApproval(Approval.pendingRequired()));

            assertEquals(List.of("approval is pending: have the spec approved (chant approve) first"),
                    decision.unmetConditions());
        }

        @Test
        void isRefusedAfterARejectionNamingWhoRejected() {
            Approval rejected = new Approval(true, ApprovalStatus.REJECTED, "bob", "2026-01-02T00:00:00Z");

            Decision decision = StatusMachine.decide(TransitionRequest.to(IN_PROGRESS), withApproval(rejected));

            assertEquals(List.of("approval was rejected by bob: address the rejection and have the spec approved"
                    + " (chant approve) first"), decision.unmetConditions());
        }

        @Test
        void isAllowedWhenApprovedOrWhenApprovalIsNotRequired() {
            Approval approved = new Approval(true, ApprovalStatus.APPROVED, "alice", "2026-01-02T00:00:00Z");
            Approval notRequired = new Approval(false, ApprovalStatus.PENDING, null, null);

            assertTrue(StatusMachine.decide(TransitionRequest.to(IN_PROGRESS), withApproval(approved)).allowed());
            assertTrue(StatusMachine.decide(TransitionRequest.to(IN_PROGRESS), withApproval(notRequired)).allowed());
        }

        @Test
        void listsEveryUnmetCondition() {
            SpecFacts facts = new SpecFacts(PENDING, List.of("d (failed)"), Approval.pendingRequired(), 0, 0,
                    List.of(), false);

            assertEquals(2, StatusMachine.decide(TransitionRequest.to(IN_PROGRESS), facts).unmetConditions().size());
        }

        private SpecFacts withDependencies(String... unmet) {
            return new SpecFacts(PENDING, List.of(unmet), null, 0, 0, List.of(), false);
        }

        private SpecFacts withApproval(Approval approval) {
            return new SpecFacts(PENDING, List.of(), approval, 0, 0, List.of(), false);
        }
    }

    @Nested
    class ToCompleted {

        @Test
        void needsEveryCriterionChecked() {
            Decision decision = StatusMachine.decide(TransitionRequest.to(COMPLETED), withCriteria(5, 3));

            assertEquals(List.of("2 of 5 acceptance criteria are unchecked: check them in the body first"),
                    decision.unmetConditions());
        }

        @Test
        void saysIsForOneUncheckedCriterion() {
            Decision decision = StatusMachine.decide(TransitionRequest.to(COMPLETED), withCriteria(5, 4));

            assertEquals(List.of("1 of 5 acceptance criteria is unchecked: check them in the body first"),
                    decision.unmetConditions());
        }

        @Test
        void isAllowedWithAllOrNoCriteria() {
            assertTrue(StatusMachine.decide(TransitionRequest.to(COMPLETED), withCriteria(3, 3)).allowed());
            assertTrue(StatusMachine.decide(TransitionRequest.to(COMPLETED), withCriteria(0, 0)).allowed());
        }

        @Test
        void needsEveryMemberClosed() {
            SpecFacts facts = new SpecFacts(IN_PROGRESS, List.of(), null, 0, 0, List.of("x.2 (pending)"), false);

            Decision decision = StatusMachine.decide(TransitionRequest.to(COMPLETED), facts);

            assertEquals(List.of("member x.2 (pending) is still open: complete or cancel it first"),
                    decision.unmetConditions());
        }

        private SpecFacts withCriteria(int total, int checked) {
            return new SpecFacts(IN_PROGRESS, List.of(), null, total, checked, List.of(), false);
        }
    }

    @Nested
    class Forced {

        private final SpecFacts everythingUnmet = new SpecFacts(IN_PROGRESS, List.of("d (pending)"),
                Approval.pendingRequired(), 4, 1, List.of("x.1 (pending)"), false);

        @Test
        void skipsThePreconditionsAndIsRecordedAsForced() {
            Decision decision = StatusMachine.decide(TransitionRequest.forced(COMPLETED, "verified by hand"),
                    everythingUnmet);

            assertEquals(new Decision(true, true, List.of()), decision);
        }

        @Test
        void doesNotBypassTheTable() {
            Decision decision = StatusMachine.decide(TransitionRequest.forced(IN_PROGRESS, "retry"),
                    SpecFacts.clear(COMPLETED));

            assertEquals(new Decision(false, false, List.of("completed cannot go to in_progress (allowed: pending)")),
                    decision);
        }

        @Test
        void needsAReason() {
            for (String reason : new String[] {null, "", "  "}) {
                Decision decision = StatusMachine.decide(new TransitionRequest(COMPLETED, true, reason),
                        everythingUnmet);

                assertEquals(new Decision(false, false, List.of("a forced transition needs a reason")), decision);
            }
        }

        @Test
        void listsBothATableRefusalAndAMissingReason() {
            Decision decision = StatusMachine.decide(new TransitionRequest(PAUSED, true, null), SpecFacts.clear(FAILED));

            assertEquals(List.of("failed cannot go to paused (allowed: pending, in_progress)",
                    "a forced transition needs a reason"), decision.unmetConditions());
        }
    }

    @Test
    void targetsOfInProgressIncludeEveryTerminalOutcome() {
        assertEquals(EnumSet.of(COMPLETED, FAILED, SpecStatus.NEEDS_ATTENTION, PAUSED, CANCELLED),
                StatusMachine.targets(IN_PROGRESS));
    }
}
