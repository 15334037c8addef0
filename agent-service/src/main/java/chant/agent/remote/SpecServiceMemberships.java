package chant.agent.remote;

import chant.client.auth.BearerCredentials;
import chant.support.auth.Memberships;
import chant.support.auth.Role;
import chant.support.failure.UnavailableException;
import chant.support.remote.RemoteCalls;
import chant.support.remote.RemoteException;
import chant.v1.AuthServiceGrpc;
import chant.v1.ListMembersRequest;
import chant.v1.Member;
import io.grpc.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The roles stored in spec-service ({@code chant project members}), asked with agent-service's own
 * token ({@code AuthService.ListMembers}) and kept {@link #TTL} per project: a grant or a removal
 * counts here at most that long after it was made. Concurrent checks of one project that find no
 * fresh answer ask once between them.
 *
 * <p>A project spec-service does not know has no stored grants; spec-service unreachable is
 * UNAVAILABLE (the caller retries), never a refusal.
 */
public final class SpecServiceMemberships implements Memberships {

    public static final Duration TTL = Duration.ofSeconds(30);

    private record Grants(Map<String, Role> roles, Instant fetchedAt) {
    }

    private final Channel channel;
    private final Duration deadline;
    private final Supplier<String> serviceToken;
    private final Clock clock;
    private final Map<String, Grants> byProject = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public SpecServiceMemberships(Channel channel, Duration deadline, Supplier<String> serviceToken, Clock clock) {
        this.channel = channel;
        this.deadline = deadline;
        this.serviceToken = serviceToken;
        this.clock = clock;
    }

    @Override
    public Optional<Role> roleOf(String subject, String project) {
        return Optional.ofNullable(grants(project).get(subject));
    }

    private Map<String, Role> grants(String project) {
        Grants cached = byProject.get(project);
        if (fresh(cached)) {
            return cached.roles();
        }
        synchronized (locks.computeIfAbsent(project, p -> new Object())) {
            cached = byProject.get(project);
            if (fresh(cached)) {
                return cached.roles();
            }
            Map<String, Role> roles = fetch(project);
            byProject.put(project, new Grants(roles, clock.instant()));
            return roles;
        }
    }

    private boolean fresh(Grants grants) {
        return grants != null && clock.instant().isBefore(grants.fetchedAt().plus(TTL));
    }

    private Map<String, Role> fetch(String project) {
        try {
            Map<String, Role> roles = new HashMap<>();
            for (Member member : RemoteCalls.call(channel, "spec-service", "ListMembers", () -> AuthServiceGrpc
                    .newBlockingStub(channel).withCallCredentials(BearerCredentials.from(serviceToken))
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .listMembers(ListMembersRequest.newBuilder().setProject(project).build())).getMembersList()) {
                role(member).ifPresent(role -> roles.put(member.getSubject(), role));
            }
            return Map.copyOf(roles);
        } catch (RemoteException e) {
            if (e.code().equals("NOT_FOUND")) {
                return Map.of();
            }
            throw new UnavailableException("the roles stored for project '" + project + "' could not be read from"
                    + " spec-service (" + e.getMessage() + "): nothing was changed, retry", e);
        }
    }

    static Optional<Role> role(Member member) {
        return switch (member.getRole()) {
            case PROJECT_ROLE_VIEWER -> Optional.of(Role.VIEWER);
            case PROJECT_ROLE_MEMBER -> Optional.of(Role.MEMBER);
            case PROJECT_ROLE_APPROVER -> Optional.of(Role.APPROVER);
            case PROJECT_ROLE_ADMIN -> Optional.of(Role.ADMIN);
            default -> Optional.empty();
        };
    }
}
