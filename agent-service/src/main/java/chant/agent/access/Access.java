package chant.agent.access;

import chant.support.auth.Authorization;
import chant.support.auth.Memberships;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.auth.ServiceRights;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * What a caller of agent-service may do (docs/auth.md, "Rights per RPC"): a user's role per project is
 * the higher of the token's and the grant stored in spec-service ({@link Memberships}, asked by this
 * service and cached briefly); a platform admin holds every role. Of the platform's services,
 * merge-service is a member of every project here: it enqueues merge-conflict runs for the person
 * who asked for the merge, whom it names on each call and who is recorded as the run's creator.
 * A runner's token may use only its own run; claiming runs from the queue is for the runner pool's
 * identity {@value #RUNNER_POOL} alone.
 */
@ApplicationScoped
public class Access {

    /** The service identity of runner pools that claim runs over RunnerService.ClaimRun. */
    public static final String RUNNER_POOL = "agent-runner";

    /** The fixed rights of the platform's services in agent-service. */
    public static final ServiceRights SERVICE_RIGHTS = new ServiceRights(Map.of("merge-service", Role.MEMBER));

    @Inject
    Memberships memberships;

    /** The checks for {@code principal}, with the stored grants and the services' fixed rights. */
    public Authorization of(Principal principal) {
        return new Authorization(principal, memberships, SERVICE_RIGHTS);
    }
}
