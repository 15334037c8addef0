package chant.support.auth;

import java.util.Map;
import java.util.Optional;

/**
 * The fixed rights of the platform's service identities, as the called service grants them: the
 * role a service holds in every project. A service never approves (no service holds
 * {@link Role#APPROVER}); where a service acts for a person (a merge request), the service checks
 * the person's role itself with {@link Principal#actor()}.
 */
public record ServiceRights(Map<String, Role> roles) {

    public ServiceRights {
        roles = Map.copyOf(roles);
        if (roles.values().stream().anyMatch(role -> role.includes(Role.APPROVER))) {
            throw new IllegalArgumentException("a service identity never approves: give it member at most");
        }
    }

    public static ServiceRights none() {
        return new ServiceRights(Map.of());
    }

    /** The role {@code service} holds in every project, if it is one this service knows. */
    public Optional<Role> roleOf(String service) {
        return Optional.ofNullable(roles.get(service));
    }
}
