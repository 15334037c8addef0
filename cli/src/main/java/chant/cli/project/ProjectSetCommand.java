package chant.cli.project;

import chant.cli.CliException;
import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.Project;
import chant.v1.RejectionAction;
import chant.v1.UpdateProjectRequest;
import chant.v1.VerifyCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant project set <name> ...}: UpdateProject with only the given settings. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Change settings of a project. Only the options given change; the others keep their values.")
public final class ProjectSetCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", description = "The project.")
    String name;

    @Option(names = "--verify-cmd", arity = "1..*", paramLabel = "ARG",
            description = "merge-service's verify gate: the command (program and arguments, no shell) run on each merge "
                    + "result before the target moves, e.g. --verify-cmd ./gradlew test --offline. It takes the "
                    + "arguments up to the next option of this command.")
    List<String> verifyCommand;

    @Option(names = "--no-verify", description = "Turn the verify gate off.")
    boolean noVerify;

    @Option(names = "--verify-timeout", paramLabel = "SECONDS",
            description = "How long the verify command may run, 1 to 86400 (0: merge-service's default, 600 s).")
    Integer verifyTimeout;

    @Option(names = "--run-timeout", paramLabel = "SECONDS",
            description = "How long one attempt of a run may take, 1 to 86400 (0: agent-service's default).")
    Integer runTimeout;

    @Option(names = "--repo", paramLabel = "URL", description = "URL or path of the project's git repository.")
    String repo;

    @Option(names = "--default-branch", paramLabel = "BRANCH", description = "Branch finished work merges into.")
    String defaultBranch;

    @Option(names = "--branch-prefix", paramLabel = "PREFIX", description = "Prefix of the branches agents work on.")
    String branchPrefix;

    @Option(names = "--default-prompt", paramLabel = "NAME", description = "Prompt template used when a spec names none.")
    String defaultPrompt;

    @Option(names = "--rejection-action", paramLabel = "ACTION", description = "stop, dependency or group.")
    RejectionAction rejectionAction;

    @Option(names = "--archive-in-repo", negatable = true,
            description = "--archive-in-repo: chant archive also commits the archived specs' markdown to .chant/archive/"
                    + "<date>/ through merge-service's queue; --no-archive-in-repo: it only marks them archived.")
    Boolean archiveInRepo;

    @Override
    protected int run(Connection connection) {
        if (verifyCommand != null && noVerify) {
            throw new CliException(ExitCodes.USAGE, "--verify-cmd and --no-verify exclude each other: give one");
        }
        VerifySettings.checkCommand(verifyCommand);
        if (verifyTimeout != null && verifyTimeout != 0) {
            VerifySettings.checkTimeout("--verify-timeout", verifyTimeout);
        }
        if (runTimeout != null && runTimeout != 0) {
            VerifySettings.checkTimeout("--run-timeout", runTimeout);
        }
        UpdateProjectRequest.Builder request = UpdateProjectRequest.newBuilder().setName(name);
        if (verifyCommand != null) {
            request.setVerifyCommand(VerifyCommand.newBuilder().addAllArgs(verifyCommand));
        }
        if (noVerify) {
            request.setVerifyCommand(VerifyCommand.getDefaultInstance());
        }
        if (verifyTimeout != null) {
            request.setVerifyTimeoutSeconds(verifyTimeout);
        }
        if (runTimeout != null) {
            request.setRunTimeoutSeconds(runTimeout);
        }
        if (repo != null) {
            request.setRepoUrl(repo);
        }
        if (defaultBranch != null) {
            request.setDefaultBranch(defaultBranch);
        }
        if (branchPrefix != null) {
            request.setBranchPrefix(branchPrefix);
        }
        if (defaultPrompt != null) {
            request.setDefaultPrompt(defaultPrompt);
        }
        if (rejectionAction != null) {
            request.setRejectionAction(rejectionAction);
        }
        if (archiveInRepo != null) {
            request.setArchiveInRepository(archiveInRepo);
        }
        if (request.build().equals(UpdateProjectRequest.newBuilder().setName(name).build())) {
            throw new CliException(ExitCodes.USAGE, "nothing to change: give at least one setting (chant project set "
                    + "--help lists them)");
        }
        Project updated = connection.projects().updateProject(request.build()).getProject();
        out().println("Updated project: " + updated.getName());
        out().println("  verify gate:  " + VerifySettings.gate(updated));
        return ExitCodes.OK;
    }
}
