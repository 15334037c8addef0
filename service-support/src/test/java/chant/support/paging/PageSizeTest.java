package chant.support.paging;

import chant.support.failure.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageSizeTest {

    @Test
    void zeroIsTheDefaultAndOneToMaxAreTaken() {
        assertEquals(100, PageSize.STANDARD.resolve(0));
        assertEquals(1, PageSize.STANDARD.resolve(1));
        assertEquals(1000, PageSize.STANDARD.resolve(1000));
    }

    @Test
    void outOfRangeSizesNameTheRange() {
        for (int size : new int[] {-1, 1001, Integer.MIN_VALUE}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> PageSize.STANDARD.resolve(size));
            assertTrue(e.getMessage().contains("use 1 to 1000"), e.getMessage());
        }
    }
}
