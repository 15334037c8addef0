package chant.cli.project;

import chant.cli.ClientCommand;
import chant.cli.auth.Roles;
import chant.cli.error.ExitCodes;
import chant.cli.format.Table;
import chant.cli.rpc.Connection;
import chant.v1.ListMembersRequest;
import chant.v1.ListMembersResponse;
import chant.v1.Member;
import chant.v1.RemoveMemberRequest;
import chant.v1.SetMemberRequest;
import chant.v1.SetMemberResponse;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chant project members}: the stored grants of a project (ListMembers), or one changed
 * (SetMember, RemoveMember; the project's admin role needed). A token's own roles add to these
 * (chant whoami shows the result for yourself).
 */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "List the stored roles of a project's members (--project, else the server's only project), "
                + "or change one with --set SUBJECT=ROLE or --remove SUBJECT (needs the project's admin role).")
public final class ProjectMembersCommand extends ClientCommand {

    @ArgGroup(exclusive = true)
    Change change;

    static final class Change {
        @Option(names = "--set", paramLabel = "SUBJECT=ROLE", required = true,
                description = "Grant SUBJECT a role (viewer, member, approver, admin), replacing the one it held.")
        String set;

        @Option(names = "--remove", paramLabel = "SUBJECT", required = true,
                description = "Remove SUBJECT's stored role.")
        String remove;
    }

    @Override
    protected int run(Connection connection) {
        String project = project(connection);
        if (change != null && change.set != null) {
            Roles.Assignment grant = Roles.assignment(change.set, "--set", "SUBJECT");
            SetMemberResponse response = connection.auth().setMember(SetMemberRequest.newBuilder().setProject(project)
                    .setSubject(grant.name()).setRole(grant.role()).build());
            Member member = response.getMember();
            out().println("Set " + member.getSubject() + " to " + Roles.name(member.getRole())
                    + " in project " + project + ".");
            return ExitCodes.OK;
        }
        if (change != null && change.remove != null) {
            String subject = change.remove.strip();
            boolean removed = connection.auth().removeMember(RemoveMemberRequest.newBuilder().setProject(project)
                    .setSubject(subject).build()).getRemoved();
            out().println(removed ? "Removed " + subject + " from project " + project + "."
                    : subject + " had no stored role in project " + project + ": nothing to remove.");
            return ExitCodes.OK;
        }
        ListMembersResponse response = connection.auth().listMembers(
                ListMembersRequest.newBuilder().setProject(project).build());
        if (response.getMembersCount() == 0) {
            out().println("No stored roles in project " + project + " (platform admins and tokens' own roles still count).");
            return ExitCodes.OK;
        }
        Table table = Table.withHeaders("SUBJECT", "ROLE", "GRANTED BY", "GRANTED");
        for (Member member : response.getMembersList()) {
            table.row(member.getSubject(), Roles.name(member.getRole()), member.getGrantedBy(),
                    member.hasGrantTime() ? Instant.ofEpochSecond(member.getGrantTime().getSeconds()).toString() : "");
        }
        table.render(Integer.MAX_VALUE).forEach(out()::println);
        return ExitCodes.OK;
    }
}
