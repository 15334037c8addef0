package chant.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.v1.ApprovalStatus;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecEnumsTest {

    @ParameterizedTest
    @CsvSource({
        "code, SPEC_TYPE_CODE", "task, SPEC_TYPE_TASK", "driver, SPEC_TYPE_DRIVER", "group, SPEC_TYPE_GROUP",
        "documentation, SPEC_TYPE_DOCUMENTATION", "research, SPEC_TYPE_RESEARCH", "Research, SPEC_TYPE_RESEARCH",
    })
    void typeNamesMapToTheProtoEnum(String name, SpecType type) {
        assertEquals(type, SpecEnums.TYPES.parse(name));
        assertEquals(name.toLowerCase(), SpecEnums.TYPES.name(type));
    }

    @ParameterizedTest
    @CsvSource({
        "pending, SPEC_STATUS_PENDING", "in_progress, SPEC_STATUS_IN_PROGRESS", "in-progress, SPEC_STATUS_IN_PROGRESS",
        "paused, SPEC_STATUS_PAUSED", "completed, SPEC_STATUS_COMPLETED", "failed, SPEC_STATUS_FAILED",
        "needs_attention, SPEC_STATUS_NEEDS_ATTENTION", "blocked, SPEC_STATUS_BLOCKED", "cancelled, SPEC_STATUS_CANCELLED",
    })
    void statusNamesMapToTheProtoEnum(String name, SpecStatus status) {
        assertEquals(status, SpecEnums.STATUSES.parse(name));
        assertEquals(name.replace('-', '_'), SpecEnums.STATUSES.name(status));
    }

    @Test
    void unknownNamesListTheAllowedOnes() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> SpecEnums.TYPES.parse("implementation"));

        assertEquals("unknown type 'implementation'; expected one of code, task, driver, group, documentation, research",
                failure.getMessage());
    }

    @Test
    void theUnspecifiedValueHasNoNameAndIsNotAccepted() {
        assertEquals("", SpecEnums.TYPES.name(SpecType.SPEC_TYPE_UNSPECIFIED));
        assertEquals("unknown", SpecEnums.TYPES.name(SpecType.UNRECOGNIZED));
        assertThrows(IllegalArgumentException.class, () -> SpecEnums.TYPES.parse("unspecified"));
        assertThrows(IllegalArgumentException.class, () -> SpecEnums.STATUSES.parse("unrecognized"));
    }

    @Test
    void approvalStatusesAreNamedLikeTheFrontmatter() {
        assertEquals("approved", SpecEnums.APPROVALS.name(ApprovalStatus.APPROVAL_STATUS_APPROVED));
    }
}
