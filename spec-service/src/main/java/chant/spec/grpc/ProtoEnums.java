package chant.spec.grpc;

import chant.spec.project.RejectionAction;
import chant.spec.audit.EventKind;
import chant.spec.id.ShortIdResolver;
import chant.spec.store.Blocker;
import chant.spec.content.ApprovalStatus;
import chant.spec.store.SpecFilter;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import chant.spec.transfer.ImportReport;
import chant.support.failure.InvalidRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every enum of the wire and its domain twin, mapped by name: {@code SPEC_STATUS_IN_PROGRESS} is
 * {@code SpecStatus.IN_PROGRESS}. {@code *_UNSPECIFIED} means "not given" (null); a number the
 * contract does not know (protobuf's UNRECOGNIZED) is refused with INVALID_ARGUMENT naming the field.
 */
final class ProtoEnums {

    /** One wire enum and its domain enum. */
    record Pair<P extends Enum<P>, D extends Enum<D>>(Class<P> proto, Class<D> domain, String prefix, String field) {

        /** The domain value; null for UNSPECIFIED. */
        D toDomain(P value) {
            if (value.name().equals("UNRECOGNIZED")) {
                throw new InvalidRequestException(field + " is not a known value (allowed: " + allowed() + ")");
            }
            if (value.name().equals(prefix + "UNSPECIFIED")) {
                return null;
            }
            return Enum.valueOf(domain, value.name().substring(prefix.length()));
        }

        /** The wire value; UNSPECIFIED for null. */
        P toProto(D value) {
            return Enum.valueOf(proto, prefix + (value == null ? "UNSPECIFIED" : value.name()));
        }

        private String allowed() {
            return Arrays.stream(domain.getEnumConstants()).map(d -> d.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
    }

    static final Pair<chant.v1.SpecType, SpecType> SPEC_TYPE =
            new Pair<>(chant.v1.SpecType.class, SpecType.class, "SPEC_TYPE_", "type");
    static final Pair<chant.v1.SpecStatus, SpecStatus> SPEC_STATUS =
            new Pair<>(chant.v1.SpecStatus.class, SpecStatus.class, "SPEC_STATUS_", "status");
    static final Pair<chant.v1.ApprovalStatus, ApprovalStatus> APPROVAL_STATUS =
            new Pair<>(chant.v1.ApprovalStatus.class, ApprovalStatus.class, "APPROVAL_STATUS_", "approval status");
    static final Pair<chant.v1.RejectionAction, RejectionAction> REJECTION_ACTION =
            new Pair<>(chant.v1.RejectionAction.class, RejectionAction.class, "REJECTION_ACTION_", "rejection_action");
    static final Pair<chant.v1.ArchiveFilter, SpecFilter.Archived> ARCHIVE_FILTER =
            new Pair<>(chant.v1.ArchiveFilter.class, SpecFilter.Archived.class, "ARCHIVE_FILTER_", "archived");
    static final Pair<chant.v1.EventKind, EventKind> EVENT_KIND =
            new Pair<>(chant.v1.EventKind.class, EventKind.class, "EVENT_KIND_", "kind");
    static final Pair<chant.v1.BlockerKind, Blocker.Kind> BLOCKER_KIND =
            new Pair<>(chant.v1.BlockerKind.class, Blocker.Kind.class, "BLOCKER_KIND_", "blocker kind");
    static final Pair<chant.v1.IdMatch, ShortIdResolver.Match> ID_MATCH =
            new Pair<>(chant.v1.IdMatch.class, ShortIdResolver.Match.class, "ID_MATCH_", "match");
    static final Pair<chant.v1.ImportOutcome, ImportReport.Outcome> IMPORT_OUTCOME =
            new Pair<>(chant.v1.ImportOutcome.class, ImportReport.Outcome.class, "IMPORT_OUTCOME_", "outcome");

    /** Every pair, for the test that maps every value both ways. */
    static final List<Pair<?, ?>> ALL = List.of(SPEC_TYPE, SPEC_STATUS, APPROVAL_STATUS, REJECTION_ACTION,
            ARCHIVE_FILTER, EVENT_KIND, BLOCKER_KIND, ID_MATCH, IMPORT_OUTCOME);

    private ProtoEnums() {
    }
}
