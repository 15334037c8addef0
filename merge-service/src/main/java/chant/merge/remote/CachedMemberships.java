package chant.merge.remote;

import chant.support.auth.Memberships;
import chant.support.auth.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The roles stored in spec-service ({@code chant project members}), as merge-service sees them: a
 * project's grants are asked for once (spec-service's ListMembers) and kept for {@link #TTL}, so a
 * burst of calls for one project makes one call to spec-service, and a grant or a removal counts
 * here at most that long after it was made. Threads asking for the same project while its grants
 * are fetched wait for that one fetch. A failed fetch is not kept: the next call asks again.
 */
public final class CachedMemberships implements Memberships {

    /** How long a project's grants are kept. */
    public static final Duration TTL = Duration.ofSeconds(30);

    private final Function<String, Map<String, Role>> fetch;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Slot> projects = new ConcurrentHashMap<>();

    /**
     * @param fetch the stored grants of a project (subject to role), from spec-service; throws when
     *              they cannot be had
     */
    public CachedMemberships(Function<String, Map<String, Role>> fetch, Duration ttl, Clock clock) {
        this.fetch = fetch;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<Role> roleOf(String subject, String project) {
        return Optional.ofNullable(projects.computeIfAbsent(project, p -> new Slot()).grants(project).get(subject));
    }

    /** One project's grants and when they were fetched. */
    private final class Slot {
        private Map<String, Role> grants;
        private Instant fetchedAt;

        synchronized Map<String, Role> grants(String project) {
            Instant now = clock.instant();
            if (grants == null || !now.isBefore(fetchedAt.plus(ttl))) {
                grants = Map.copyOf(fetch.apply(project));
                fetchedAt = now;
            }
            return grants;
        }
    }
}
