package chant.support.auth;

import chant.support.failure.PermissionDeniedException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizationTest {

    private static final RunScope RUN_17 = new RunScope("r-17", "demo", "2026-12-04-001-abc");

    @Test
    void rolesIncludeTheLowerOnes() {
        assertTrue(Role.ADMIN.includes(Role.APPROVER));
        assertTrue(Role.APPROVER.includes(Role.MEMBER));
        assertTrue(Role.MEMBER.includes(Role.VIEWER));
        assertFalse(Role.VIEWER.includes(Role.MEMBER));
        assertFalse(Role.MEMBER.includes(Role.APPROVER));
        assertEquals(Optional.of(Role.APPROVER), Role.parse(" Approver "));
        assertEquals(Optional.empty(), Role.parse("owner"));
    }

    @Test
    void aViewerCannotWrite() {
        Authorization viewer = Authorization.of(Principal.user("vera", Map.of("demo", Role.VIEWER), false));
        assertDoesNotThrow(() -> viewer.requireRole("demo", Role.VIEWER));
        assertDenied(() -> viewer.requireRole("demo", Role.MEMBER),
                "this needs the member role in project 'demo': user vera holds only viewer"
                        + " (a project admin can grant it: chant project members)");
    }

    @Test
    void aTokenForAnotherProjectGrantsNothingHere() {
        Authorization alice = Authorization.of(Principal.user("alice", Map.of("other", Role.ADMIN), false));
        assertDenied(() -> alice.requireRole("demo", Role.VIEWER),
                "this needs the viewer role in project 'demo': user alice holds no role there");
    }

    @Test
    void storedGrantsAddToTheTokensRoles() {
        Memberships stored = (subject, project) -> subject.equals("alice") && project.equals("demo")
                ? Optional.of(Role.APPROVER) : Optional.empty();
        Authorization alice = new Authorization(Principal.user("alice", Map.of("demo", Role.MEMBER), false), stored,
                ServiceRights.none());
        assertEquals(Optional.of(Role.APPROVER), alice.roleIn("demo"));
        assertDoesNotThrow(() -> alice.requireRole("demo", Role.APPROVER));
        assertDenied(() -> alice.requireRole("demo", Role.ADMIN), "holds only approver");
    }

    @Test
    void aPlatformAdminHoldsEveryRoleAndCreatesProjects() {
        Authorization root = Authorization.of(Principal.user("root", Map.of(), true));
        assertDoesNotThrow(() -> root.requireRole("anything", Role.ADMIN));
        assertDoesNotThrow(() -> root.requirePlatformAdmin("creating a project"));
        Authorization admin = Authorization.of(Principal.user("pat", Map.of("demo", Role.ADMIN), false));
        assertDenied(() -> admin.requirePlatformAdmin("creating a project"),
                "creating a project needs a platform admin: user pat is none");
    }

    @Test
    void servicesHoldTheirFixedRoleAndNeverApprove() {
        ServiceRights rights = new ServiceRights(Map.of("agent-service", Role.MEMBER, "merge-service", Role.VIEWER));
        Authorization agent = new Authorization(Principal.service("agent-service"), Memberships.NONE, rights);
        assertDoesNotThrow(() -> agent.requireRole("demo", Role.MEMBER));
        assertDenied(() -> agent.requireRole("demo", Role.APPROVER), "service agent-service holds only member");
        Authorization stranger = new Authorization(Principal.service("crawler"), Memberships.NONE, rights);
        assertDenied(() -> stranger.requireRole("demo", Role.VIEWER), "service crawler holds no role there");
        assertThrows(IllegalArgumentException.class, () -> new ServiceRights(Map.of("x", Role.APPROVER)));
    }

    @Test
    void onlyTheNamedServicesMayCallServiceOnlyRpcs() {
        assertDoesNotThrow(() -> Authorization.of(Principal.service("merge-service")).requireService("merge-service"));
        assertDenied(() -> Authorization.of(Principal.user("alice", Map.of(), true)).requireService("merge-service"),
                "only merge-service may call this: user alice may not");
    }

    @Test
    void aRunTokenIsForItsOwnRunOnly() {
        Authorization runner = Authorization.of(Principal.run("run:r-17", RUN_17));
        assertDoesNotThrow(() -> runner.requireRunScope("r-17"));
        assertDenied(() -> runner.requireRunScope("r-18"), "this token is scoped to run r-17 and cannot be used for run r-18");
        assertDenied(() -> Authorization.of(Principal.user("alice", Map.of("demo", Role.ADMIN), true)).requireRunScope("r-17"),
                "only the runner of run r-17 may do this");
    }

    @Test
    void aRunTokenReadsItsSpecAndNothingElse() {
        Authorization runner = Authorization.of(Principal.run("run:r-17", RUN_17));
        assertDoesNotThrow(() -> runner.requireSpecRead("demo", "2026-12-04-001-abc"));
        assertDenied(() -> runner.requireSpecRead("demo", "2026-12-04-002-def"),
                "cannot read spec 2026-12-04-002-def in project 'demo'");
        assertDenied(() -> runner.requireRole("demo", Role.VIEWER), "the runner of run r-17 may only report its own run");
        Authorization viewer = Authorization.of(Principal.user("vera", Map.of("demo", Role.VIEWER), false));
        assertDoesNotThrow(() -> viewer.requireSpecRead("demo", "2026-12-04-002-def"));
    }

    @Test
    void aRunnerChangesItsOwnSpecOnly() {
        Authorization runner = Authorization.of(Principal.run("run:r-17", RUN_17));
        assertDoesNotThrow(() -> runner.requireRoleOrRunOn("demo", "2026-12-04-001-abc", Role.MEMBER, "start"));
        assertDenied(() -> runner.requireRoleOrRunOn("other", "2026-12-04-001-abc", Role.MEMBER, "start"),
                "cannot start spec 2026-12-04-001-abc in project 'other'");
        Authorization viewer = Authorization.of(Principal.user("vera", Map.of("demo", Role.VIEWER), false));
        assertDenied(() -> viewer.requireRoleOrRunOn("demo", "2026-12-04-001-abc", Role.MEMBER, "start"),
                "this needs the member role in project 'demo'");
    }

    @Test
    void anAuthorCannotDecideOnTheirOwnSpecComparedBySubjectExactly() {
        Authorization alice = Authorization.of(Principal.user("alice", Map.of("demo", Role.APPROVER), false));
        assertDenied(() -> alice.requireNotAuthor("alice", "2026-12-04-001-abc"),
                "alice wrote spec 2026-12-04-001-abc and cannot approve or reject it");
        assertDoesNotThrow(() -> alice.requireNotAuthor("bob", "2026-12-04-001-abc"));
        Authorization forAlice = Authorization.of(Principal.service("merge-service").actingFor("alice"));
        assertDenied(() -> forAlice.requireNotAuthor("alice", "s"), "alice wrote spec s");
    }

    @Test
    void onlyServicesActOnBehalfOfUsers() {
        Principal merge = Principal.service("merge-service").actingFor("alice");
        assertEquals("alice", merge.actor());
        assertEquals("merge-service", merge.subject());
        assertThrows(IllegalArgumentException.class, () -> Principal.user("bob", Map.of(), false).actingFor("alice"));
    }

    private static void assertDenied(Executable check, String messagePart) {
        PermissionDeniedException e = assertThrows(PermissionDeniedException.class, check);
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }
}
