package chant.merge.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.auth.RunScope;
import chant.support.failure.PermissionDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may submit and read merge requests: member and viewer, from the token or a stored grant. */
class ProjectAccessTest {

    private final List<String> asked = new ArrayList<>();
    private final ProjectAccess access = new ProjectAccess();

    ProjectAccessTest() {
        access.memberships = (subject, project) -> {
            asked.add(subject + "@" + project);
            return subject.equals("bob") && project.equals("demo") ? Optional.of(Role.MEMBER) : Optional.empty();
        };
    }

    @Test
    void aTokenRoleSufficesWithoutAskingForStoredGrants() {
        Principal alice = Principal.user("alice", Map.of("demo", Role.MEMBER), false);
        assertDoesNotThrow(() -> access.require(alice, "demo", Role.MEMBER));
        assertDoesNotThrow(() -> access.require(alice, "demo", Role.VIEWER));
        assertTrue(asked.isEmpty(), "spec-service is not asked when the token holds the role");
    }

    @Test
    void aStoredGrantCountsBesideTheToken() {
        Principal bob = Principal.user("bob", Map.of("demo", Role.VIEWER), false);
        assertDoesNotThrow(() -> access.require(bob, "demo", Role.MEMBER));
        assertEquals(List.of("bob@demo"), asked);
    }

    @Test
    void aViewerCannotSubmitAndAnotherProjectsTokenCannotRead() {
        Principal vic = Principal.user("vic", Map.of("demo", Role.VIEWER), false);
        String denied = assertThrows(PermissionDeniedException.class, () -> access.require(vic, "demo", Role.MEMBER))
                .getMessage();
        assertTrue(denied.contains("member role in project 'demo'") && denied.contains("holds only viewer"), denied);
        Principal carol = Principal.user("carol", Map.of("other", Role.ADMIN), false);
        assertThrows(PermissionDeniedException.class, () -> access.require(carol, "demo", Role.VIEWER));
        assertEquals(List.of("other"), access.where(carol, List.of("demo", "other"), Role.VIEWER));
    }

    @Test
    void aPlatformAdminReadsEverythingAndServicesAndRunsHoldNothingHere() {
        Principal admin = Principal.user("root", Map.of(), true);
        assertTrue(access.readsEverything(admin));
        assertDoesNotThrow(() -> access.require(admin, "demo", Role.MEMBER));
        assertFalse(access.readsEverything(Principal.user("bob", Map.of(), false)));
        assertThrows(PermissionDeniedException.class,
                () -> access.require(Principal.service("agent-service"), "demo", Role.VIEWER));
        assertThrows(PermissionDeniedException.class, () -> access.require(
                Principal.run("run:1", new RunScope("1", "demo", "s1")), "demo", Role.VIEWER));
    }
}
