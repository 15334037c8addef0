package chant.support.grpc;

import chant.support.failure.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A wire enum and its domain twin, mapped by name: {@code SPEC_STATUS_IN_PROGRESS} is
 * {@code SpecStatus.IN_PROGRESS}. {@code <PREFIX>UNSPECIFIED} means "not given" (null); a number the
 * contract does not know (protobuf's {@code UNRECOGNIZED}) is refused with INVALID_ARGUMENT naming
 * the field. Every service maps its enums with this one rule, and tests each pair over every value.
 *
 * @param prefix the wire values' common prefix, e.g. {@code "SPEC_STATUS_"}
 * @param field  the request field named in a refusal
 */
public record EnumPair<P extends Enum<P>, D extends Enum<D>>(Class<P> proto, Class<D> domain, String prefix, String field) {

    /** The domain value; null for UNSPECIFIED. */
    public D toDomain(P value) {
        if (value.name().equals("UNRECOGNIZED")) {
            throw new InvalidRequestException(field + " is not a known value (allowed: " + allowed() + ")");
        }
        if (value.name().equals(prefix + "UNSPECIFIED")) {
            return null;
        }
        return Enum.valueOf(domain, value.name().substring(prefix.length()));
    }

    /** The wire value; UNSPECIFIED for null. */
    public P toProto(D value) {
        return Enum.valueOf(proto, prefix + (value == null ? "UNSPECIFIED" : value.name()));
    }

    private String allowed() {
        return Arrays.stream(domain.getEnumConstants()).map(d -> d.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
