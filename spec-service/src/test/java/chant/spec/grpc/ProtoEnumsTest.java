package chant.spec.grpc;

import chant.support.failure.InvalidRequestException;
import chant.support.grpc.EnumPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtoEnumsTest {

    @Test
    void everyDomainValueHasAWireValueAndBack() {
        for (EnumPair<?, ?> pair : ProtoEnums.ALL) {
            roundTripsFromDomain(pair);
        }
    }

    @Test
    void everyWireValueHasADomainValueExceptUnspecified() {
        for (EnumPair<?, ?> pair : ProtoEnums.ALL) {
            roundTripsFromWire(pair);
        }
    }

    @Test
    void unknownNumbersAreInvalidArgumentsNamingTheField() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> ProtoEnums.REJECTION_ACTION.toDomain(chant.v1.RejectionAction.UNRECOGNIZED));
        assertTrue(e.getMessage().startsWith("rejection_action is not a known value (allowed: stop, dependency, group"),
                e.getMessage());
        assertThrows(InvalidRequestException.class, () -> ProtoEnums.ARCHIVE_FILTER.toDomain(chant.v1.ArchiveFilter.UNRECOGNIZED));
    }

    private static <P extends Enum<P>, D extends Enum<D>> void roundTripsFromDomain(EnumPair<P, D> pair) {
        for (D value : pair.domain().getEnumConstants()) {
            assertEquals(value, pair.toDomain(pair.toProto(value)), pair.proto().getSimpleName() + " " + value);
        }
        assertNull(pair.toDomain(pair.toProto(null)));
    }

    private static <P extends Enum<P>, D extends Enum<D>> void roundTripsFromWire(EnumPair<P, D> pair) {
        long mapped = Arrays.stream(pair.proto().getEnumConstants())
                .filter(p -> !p.name().equals("UNRECOGNIZED") && !p.name().endsWith("_UNSPECIFIED"))
                .peek(p -> assertEquals(p, pair.toProto(pair.toDomain(p)), pair.proto().getSimpleName() + " " + p))
                .count();
        assertEquals(pair.domain().getEnumConstants().length, mapped, pair.proto().getSimpleName() + " has a value per domain value");
    }
}
