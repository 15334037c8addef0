package chant.merge.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.merge.git.Strategy;
import chant.merge.request.MergeStatus;
import chant.merge.request.Outcome;
import chant.support.failure.InvalidRequestException;
import chant.v1.MergeStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every domain value has its wire value, and a value the service does not know is a clear INVALID_ARGUMENT. */
class MergeMessagesTest {

    @Test
    void everyOutcomeAndStrategyHasItsWireValue() {
        for (Outcome o : Outcome.values()) {
            assertEquals("MERGE_OUTCOME_" + o.name(), MergeMessages.toProto(o).name());
        }
        for (Strategy s : Strategy.values()) {
            assertEquals(s, MergeMessages.strategy(MergeMessages.toProto(s)));
        }
        assertEquals(Strategy.AUTO, MergeMessages.strategy(MergeStrategy.MERGE_STRATEGY_AUTO), "unset is chant's default");
    }

    @Test
    void unknownValuesAreRefused() {
        assertThrows(InvalidRequestException.class, () -> MergeMessages.strategy(MergeStrategy.UNRECOGNIZED));
        assertThrows(InvalidRequestException.class,
                () -> MergeMessages.statuses(List.of(chant.v1.MergeStatus.MERGE_STATUS_UNSPECIFIED)));
        assertEquals(List.of(MergeStatus.DONE, MergeStatus.STOPPED), MergeMessages.statuses(List.of(
                chant.v1.MergeStatus.MERGE_STATUS_DONE, chant.v1.MergeStatus.MERGE_STATUS_STOPPED)));
    }
}
