package chant.support.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a principal may do in one project. Each role includes the ones before it: a member may do
 * what a viewer may, an approver what a member may, an admin everything in the project.
 */
public enum Role {
    /** Reads specs, runs, logs, merges and events. */
    VIEWER,
    /** Creates and edits specs, starts work, requests merges. */
    MEMBER,
    /** Approves and rejects specs (never their own: that rule is the service's, by subject). */
    APPROVER,
    /** Changes the project's settings and who holds which role in it. */
    ADMIN;

    /** Whether this role includes {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role's name as tokens, configuration and messages spell it: {@code viewer}, {@code member}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a token or a setting names, ignoring case; empty for a name that is no role. */
    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.wireName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName();
    }
}
