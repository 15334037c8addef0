package chant.cli.auth;

import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.v1.PrincipalKind;
import chant.v1.ProjectRole;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The names of project roles and principal kinds as users type and read them: viewer, member, approver, admin. */
public final class Roles {

    /** {@code NAME=ROLE}: a project's or a subject's role. */
    public record Assignment(String name, ProjectRole role) {
    }

    private Roles() {
    }

    /** {@code approver} for PROJECT_ROLE_APPROVER. */
    public static String name(ProjectRole role) {
        return switch (role) {
            case PROJECT_ROLE_VIEWER, PROJECT_ROLE_MEMBER, PROJECT_ROLE_APPROVER, PROJECT_ROLE_ADMIN ->
                    role.name().substring("PROJECT_ROLE_".length()).toLowerCase(Locale.ROOT);
            default -> "none";
        };
    }

    /** {@code user} for PRINCIPAL_KIND_USER. */
    static String name(PrincipalKind kind) {
        return switch (kind) {
            case PRINCIPAL_KIND_USER, PRINCIPAL_KIND_SERVICE, PRINCIPAL_KIND_RUN ->
                    kind.name().substring("PRINCIPAL_KIND_".length()).toLowerCase(Locale.ROOT);
            default -> "unknown";
        };
    }

    /** A role by its name, in any case; a usage error naming the roles otherwise. */
    public static ProjectRole parse(String text, String option) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (ProjectRole role : ProjectRole.values()) {
            if (role != ProjectRole.PROJECT_ROLE_UNSPECIFIED && role != ProjectRole.UNRECOGNIZED
                    && name(role).equals(wanted)) {
                return role;
            }
        }
        throw new CliException(ExitCodes.USAGE, option + ": unknown role '" + text + "' (roles: " + known() + ")");
    }

    /**
     * {@code NAME=ROLE} (for --role PROJECT=ROLE and --set SUBJECT=ROLE): the name is everything
     * before the last {@code =}; a usage error naming the option otherwise.
     */
    public static Assignment assignment(String text, String option, String nameLabel) {
        int equals = text.lastIndexOf('=');
        if (equals <= 0 || text.substring(0, equals).isBlank()) {
            throw new CliException(ExitCodes.USAGE, option + " takes " + nameLabel + "=ROLE, not '" + text
                    + "' (roles: " + known() + ")");
        }
        return new Assignment(text.substring(0, equals).strip(), parse(text.substring(equals + 1), option));
    }

    private static String known() {
        return Arrays.stream(ProjectRole.values())
                .filter(role -> role != ProjectRole.PROJECT_ROLE_UNSPECIFIED && role != ProjectRole.UNRECOGNIZED)
                .map(Roles::name).collect(Collectors.joining(", "));
    }
}
