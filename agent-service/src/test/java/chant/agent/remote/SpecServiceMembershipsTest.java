package chant.agent.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.agent.testing.ScriptedSpecService;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.support.auth.Role;
import chant.support.failure.UnavailableException;
import chant.support.testing.MutableClock;
import chant.support.testing.TestTokens;
import chant.v1.ProjectRole;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The roles stored in spec-service as agent-service sees them: asked with agent-service's own token,
 * kept 30 s per project (a change counts within that time, and not before), UNAVAILABLE while
 * spec-service cannot be reached.
 */
class SpecServiceMembershipsTest {

    private ScriptedSpecService specService;
    private ManagedChannel channel;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private SpecServiceMemberships memberships;

    @BeforeEach
    void start() throws Exception {
        specService = new ScriptedSpecService();
        channel = Channels.plaintext(ServiceAddress.parse("localhost:" + specService.port(), 8181));
        String token = TestTokens.shared().service("agent-service");
        memberships = new SpecServiceMemberships(channel, Duration.ofSeconds(5), () -> token, clock);
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        specService.close();
    }

    @Test
    void aStoredRoleCountsAndAChangeCountsOnceTheCachedAnswerIsOlderThan30Seconds() {
        specService.setMember("kv", "alice", ProjectRole.PROJECT_ROLE_MEMBER);

        assertEquals(Optional.of(Role.MEMBER), memberships.roleOf("alice", "kv"));
        assertEquals(Optional.empty(), memberships.roleOf("bob", "kv"), "a subject without a grant has none");
        assertEquals(1, specService.listMembersCalls(), "one question per project while the answer is fresh");
        assertEquals("service agent-service", specService.calls().get(0).caller(), "asked with agent-service's token");

        specService.setMember("kv", "alice", ProjectRole.PROJECT_ROLE_VIEWER);
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Optional.of(Role.MEMBER), memberships.roleOf("alice", "kv"), "still the answer of 29 s ago");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.of(Role.VIEWER), memberships.roleOf("alice", "kv"));
        assertEquals(2, specService.listMembersCalls());
    }

    @Test
    void anUnreachableSpecServiceIsUnavailableNotARefusal() {
        specService.setDown(true);

        UnavailableException e = assertThrows(UnavailableException.class, () -> memberships.roleOf("alice", "kv"));
        assertTrue(e.getMessage().contains("project 'kv'") && e.getMessage().contains("retry"), e.getMessage());

        specService.setDown(false);
        specService.setMember("kv", "alice", ProjectRole.PROJECT_ROLE_ADMIN);
        assertEquals(Optional.of(Role.ADMIN), memberships.roleOf("alice", "kv"), "a failure is not cached");
    }
}
