package chant.merge.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.support.auth.Role;
import chant.support.failure.UnavailableException;
import chant.support.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stored roles merge-service asks spec-service for: once per project per 30 s. */
class CachedMembershipsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final Map<String, Map<String, Role>> stored = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    private final CachedMemberships memberships = new CachedMemberships(project -> {
        asked.add(project);
        if (down) {
            throw new UnavailableException("spec-service is away");
        }
        return stored.getOrDefault(project, Map.of());
    }, CachedMemberships.TTL, clock);

    @Test
    void aProjectsGrantsAreAskedForOnceAndKeptThirtySeconds() {
        stored.put("demo", Map.of("bob", Role.MEMBER));
        assertEquals(Optional.of(Role.MEMBER), memberships.roleOf("bob", "demo"));
        assertEquals(Optional.empty(), memberships.roleOf("carol", "demo"));
        stored.put("demo", Map.of("bob", Role.VIEWER, "carol", Role.ADMIN));
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Optional.of(Role.MEMBER), memberships.roleOf("bob", "demo"), "kept for 30 s");
        assertEquals(List.of("demo"), asked);

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of(Role.VIEWER), memberships.roleOf("bob", "demo"), "a change counts after 30 s");
        assertEquals(Optional.of(Role.ADMIN), memberships.roleOf("carol", "demo"));
        assertEquals(List.of("demo", "demo"), asked);
    }

    @Test
    void eachProjectIsAskedForOnItsOwn() {
        stored.put("a", Map.of("bob", Role.MEMBER));
        assertEquals(Optional.of(Role.MEMBER), memberships.roleOf("bob", "a"));
        assertEquals(Optional.empty(), memberships.roleOf("bob", "b"));
        assertEquals(List.of("a", "b"), asked);
    }

    @Test
    void aFailedAskIsNotKept() {
        down = true;
        assertThrows(UnavailableException.class, () -> memberships.roleOf("bob", "demo"));
        down = false;
        stored.put("demo", Map.of("bob", Role.MEMBER));
        assertEquals(Optional.of(Role.MEMBER), memberships.roleOf("bob", "demo"));
    }

    @Test
    void manyCallsAtOnceForOneProjectAskOnce() throws Exception {
        stored.put("demo", Map.of("bob", Role.MEMBER));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<Role>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return memberships.roleOf("bob", "demo");
                }));
            }
            start.countDown();
            for (Future<Optional<Role>> answer : answers) {
                assertEquals(Optional.of(Role.MEMBER), answer.get(10, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of("demo"), asked);
    }
}
