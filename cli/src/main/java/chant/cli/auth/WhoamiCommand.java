package chant.cli.auth;

import chant.cli.ClientCommand;
import chant.cli.config.Service;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.PrincipalKind;
import chant.v1.ProjectGrant;
import chant.v1.WhoAmIRequest;
import chant.v1.WhoAmIResponse;
import picocli.CommandLine.Command;

/**
 * {@code chant whoami}: who spec-service takes the caller for (WhoAmI), and where the token came
 * from. Never prints the token itself.
 */
@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = "Show who your token stands for as spec-service sees it: subject, kind, platform admin, "
                + "roles per project, expiry. Never prints the token.")
public final class WhoamiCommand extends ClientCommand {

    @Override
    protected int run(Connection connection) {
        WhoAmIResponse me = connection.auth().whoAmI(WhoAmIRequest.getDefaultInstance());
        row("subject", me.getSubject());
        row("kind", Roles.name(me.getKind()));
        row("platform admin", me.getPlatformAdmin() ? "yes (every role in every project)" : "no");
        if (me.getKind() == PrincipalKind.PRINCIPAL_KIND_RUN) {
            row("run", me.getRunId() + " (project " + me.getRunProject() + ", spec " + me.getRunSpecId() + ")");
        }
        if (me.getRolesCount() == 0) {
            row("roles", "none");
        }
        for (int i = 0; i < me.getRolesCount(); i++) {
            ProjectGrant grant = me.getRoles(i);
            row(i == 0 ? "roles" : "", grant.getProject() + ": " + Roles.name(grant.getRole()));
        }
        row("expires", me.hasExpireTime() ? Times.instant(me.getExpireTime()) : "never");
        if (!me.getIssuer().isEmpty()) {
            row("issuer", me.getIssuer());
        }
        connection.config().token().ifPresent(token -> row("token from", token.source()));
        out().println("(as spec-service at " + connection.address(Service.SPEC) + " sees you)");
        return ExitCodes.OK;
    }

    private void row(String label, String value) {
        out().println(String.format("%-15s %s", label.isEmpty() ? "" : label + ":", value));
    }
}
