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
    void anItemCarriesTheGatesRunOnlyWhenItRan() {
        chant.merge.request.MergeItem item = new chant.merge.request.MergeItem();
        item.specId = "a";
        item.outcome = Outcome.VERIFY_FAILED;
        assertEquals(false, MergeMessages.toProto(item).hasVerify(), "no gate, or not run yet");

        item.verifyCommit = "abc123";
        item.verifyExitCode = 2;
        item.verifyOutput = "FAILED\n";
        item.verifyDurationMs = 1500;
        assertEquals(chant.v1.VerifyResult.newBuilder().setCommit("abc123").setExitCode(2).setOutputTail("FAILED\n")
                .setDurationMs(1500).build(), MergeMessages.toProto(item).getVerify());
        assertEquals(chant.v1.MergeOutcome.MERGE_OUTCOME_VERIFY_FAILED, MergeMessages.toProto(item).getOutcome());
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
