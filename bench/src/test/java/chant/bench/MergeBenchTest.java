package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.v1.MergeItem;
import chant.v1.MergeRequest;
import com.google.protobuf.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeBenchTest {

    private static Timestamp at(long seconds, int nanos) {
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    @Test
    void eachMergeTakesTheTimeFromTheEndOfTheOneBeforeItTheFirstFromTheRequestsCreation() {
        MergeRequest merge = MergeRequest.newBuilder().setCreateTime(at(100, 0))
                .addItems(MergeItem.newBuilder().setEndTime(at(100, 250_000_000)))
                .addItems(MergeItem.newBuilder().setEndTime(at(101, 0)))
                .addItems(MergeItem.newBuilder().setEndTime(at(101, 100_000_000)))
                .build();

        assertEquals(List.of(250_000_000L, 750_000_000L, 100_000_000L), MergeBench.intervals(merge));
    }
}
