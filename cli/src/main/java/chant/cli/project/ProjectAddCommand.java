package chant.cli.project;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.CreateProjectRequest;
import chant.v1.Project;
import chant.v1.RejectionAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant project add <name>}. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Create a project. Options left out take the server's defaults.")
public final class ProjectAddCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", description = "Letters, digits, '.', '_' and '-', 1 to 64 characters.")
    String name;

    @Option(names = "--repo", paramLabel = "URL", description = "URL or path of the project's git repository.")
    String repo;

    @Option(names = "--default-branch", paramLabel = "BRANCH", description = "Branch finished work merges into (default main).")
    String defaultBranch;

    @Option(names = "--branch-prefix", paramLabel = "PREFIX", description = "Prefix of the branches agents work on (default chant/).")
    String branchPrefix;

    @Option(names = "--default-prompt", paramLabel = "NAME", description = "Prompt template used when a spec names none (default standard).")
    String defaultPrompt;

    @Option(names = "--rejection-action", paramLabel = "ACTION",
            description = "What rejecting a spec's approval does: stop (default: the spec waits until edited), "
                    + "dependency (a fix-up spec it depends on is created), group (one member per acceptance criterion).")
    RejectionAction rejectionAction;

    @Option(names = "--run-timeout", paramLabel = "SECONDS",
            description = "How long one attempt of a run may take unless chant work says otherwise, 1 to 86400 "
                    + "(default: agent-service's, an hour).")
    Integer runTimeout;

    @Option(names = "--archive-in-repo",
            description = "chant archive also commits the archived specs' markdown to .chant/archive/<date>/ on the "
                    + "default branch, through merge-service's queue (default: it only marks them archived).")
    boolean archiveInRepo;

    @Option(names = "--verify-cmd", arity = "1..*", paramLabel = "ARG",
            description = "merge-service's verify gate: the command (program and arguments, no shell) run on each merge "
                    + "result before the target moves, e.g. --verify-cmd ./gradlew test --offline. It takes the "
                    + "arguments up to the next option of this command. Default: no gate.")
    java.util.List<String> verifyCommand;

    @Option(names = "--verify-timeout", paramLabel = "SECONDS",
            description = "How long the verify command may run, 1 to 86400 (default: merge-service's, 600 s).")
    Integer verifyTimeout;

    @Override
    protected int run(Connection connection) {
        VerifySettings.checkCommand(verifyCommand);
        VerifySettings.checkTimeout("--verify-timeout", verifyTimeout);
        if (runTimeout != null && (runTimeout < 1 || runTimeout > 86_400)) {
            throw new chant.cli.CliException(ExitCodes.USAGE, "--run-timeout must be 1 to 86400 seconds, not " + runTimeout);
        }
        Project.Builder project = Project.newBuilder().setName(name);
        if (repo != null) {
            project.setRepoUrl(repo);
        }
        if (defaultBranch != null) {
            project.setDefaultBranch(defaultBranch);
        }
        if (branchPrefix != null) {
            project.setBranchPrefix(branchPrefix);
        }
        if (defaultPrompt != null) {
            project.setDefaultPrompt(defaultPrompt);
        }
        if (rejectionAction != null) {
            project.setRejectionAction(rejectionAction);
        }
        if (runTimeout != null) {
            project.setRunTimeoutSeconds(runTimeout);
        }
        project.setArchiveInRepository(archiveInRepo);

        if (verifyCommand != null) {
            project.addAllVerifyCommand(verifyCommand);
        }
        if (verifyTimeout != null) {
            project.setVerifyTimeoutSeconds(verifyTimeout);
        }
        Project created = connection.projects()
                .createProject(CreateProjectRequest.newBuilder().setProject(project).build()).getProject();
        out().println("Created project: " + created.getName());
        return ExitCodes.OK;
    }
}
