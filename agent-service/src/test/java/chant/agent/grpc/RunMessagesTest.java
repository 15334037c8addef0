package chant.agent.grpc;

import chant.agent.queue.Outcome;
import chant.agent.run.RunStatus;
import chant.support.failure.InvalidRequestException;
import chant.v1.RunOutcome;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every status and outcome has its wire value, both ways. */
class RunMessagesTest {

    @Test
    void everyStatusRoundTrips() {
        for (RunStatus status : RunStatus.values()) {
            assertEquals(status, RunMessages.fromProto(RunMessages.toProto(status), "status"));
        }
        long wireStatuses = Arrays.stream(chant.v1.RunStatus.values())
                .filter(s -> s != chant.v1.RunStatus.UNRECOGNIZED && s != chant.v1.RunStatus.RUN_STATUS_UNSPECIFIED)
                .count();
        assertEquals(RunStatus.values().length, wireStatuses);
        assertNull(RunMessages.fromProto(chant.v1.RunStatus.RUN_STATUS_UNSPECIFIED, "status"));
    }

    @Test
    void statusFiltersRefuseUnspecified() {
        assertEquals(EnumSet.of(RunStatus.QUEUED, RunStatus.LOST), RunMessages.statuses(List.of(
                chant.v1.RunStatus.RUN_STATUS_QUEUED, chant.v1.RunStatus.RUN_STATUS_LOST)));
        assertEquals(Set.of(), RunMessages.statuses(List.of()));
        assertThrows(InvalidRequestException.class,
                () -> RunMessages.statuses(List.of(chant.v1.RunStatus.RUN_STATUS_UNSPECIFIED)));
    }

    @Test
    void everyOutcomeHasItsWireValue() {
        for (Outcome outcome : Outcome.values()) {
            assertEquals(outcome, RunMessages.fromProto(RunOutcome.valueOf("RUN_OUTCOME_" + outcome.name())));
        }
        assertNull(RunMessages.fromProto(RunOutcome.RUN_OUTCOME_UNSPECIFIED));
    }
}
