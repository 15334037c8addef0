package chant.spec.project;

import chant.spec.access.Access;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.failure.AlreadyExistsException;
import chant.support.failure.InvalidRequestException;
import chant.support.git.RefNames;
import chant.support.text.Shown;
import chant.support.failure.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creates, finds and lists projects. */
@ApplicationScoped
public class Projects {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The project's settings as a request gives them; blank fields take the defaults. */
    public record Settings(String name, String repoUrl, String defaultBranch, String branchPrefix,
            String defaultPrompt, RejectionAction rejectionAction, int runTimeoutSeconds, List<String> verifyCommand,
            int verifyTimeoutSeconds, boolean archiveInRepository) {

        /** The settings without a verify gate, archiving only in spec-service. */
        public Settings(String name, String repoUrl, String defaultBranch, String branchPrefix, String defaultPrompt,
                RejectionAction rejectionAction, int runTimeoutSeconds) {
            this(name, repoUrl, defaultBranch, branchPrefix, defaultPrompt, rejectionAction, runTimeoutSeconds, List.of(), 0, false);
        }
    }

    /**
     * The settings an update changes: an empty Optional keeps the project's value. A present
     * {@code verifyCommand} replaces the command (an empty list turns the gate off).
     */
    public record Changes(Optional<String> repoUrl, Optional<String> defaultBranch, Optional<String> branchPrefix,
            Optional<String> defaultPrompt, Optional<RejectionAction> rejectionAction, Optional<Integer> runTimeoutSeconds,
            Optional<List<String>> verifyCommand, Optional<Integer> verifyTimeoutSeconds,
            Optional<Boolean> archiveInRepository) {

        public static Changes none() {
            return new Changes(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    @Inject
    Turns turns;

    @Inject
    Access access;

    /**
     * Creates a project for {@code caller}, who must be a platform admin.
     *
     * @see #create(Settings, String)
     */
    @Transactional
    public Project create(Settings settings, String requestId, Principal caller) {
        access.of(caller).requirePlatformAdmin("creating a project");
        return create(settings, requestId);
    }

    /** The named project, for a viewer of it or the runner of a run in it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Project get(String name, Principal caller) {
        requireName(name);
        access.requireProjectRead(caller, name);
        return require(name);
    }

    /** Changes a project's settings, for an admin of it; see {@link #update(String, Changes)}. */
    @Transactional
    public Project update(String name, Changes changes, Principal caller) {
        requireName(name);
        access.requireRole(caller, name, Role.ADMIN);
        return update(name, changes);
    }

    /**
     * The projects {@code caller} sees: every project for platform admins and the platform's services,
     * the projects where a user holds a role (by token or stored grant), none for a runner.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Project> list(Principal caller) {
        java.util.Set<String> granted = access.grantedProjects(caller);
        return list().stream().filter(project -> access.sees(caller, project.name, granted)).toList();
    }

    @Transactional
    public Project create(Settings settings) {
        return create(settings, null);
    }

    /**
     * Creates a project; with a {@code requestId} (idempotency key), a retry of a create that was
     * stored returns that project instead of ALREADY_EXISTS. Creates of one name take turns: a
     * retry that arrives while its first attempt is still in flight waits for that attempt, then
     * returns its project, or creates the project itself when that attempt rolled back.
     */
    @Transactional
    public Project create(Settings settings, String requestId) {
        String name = settings.name() == null ? "" : settings.name();
        requireValidName(name);
        turns.take(Turns.Kind.PROJECT_NAME, name);
        java.util.Optional<Project> existing = Project.findByName(name);
        if (existing.isPresent() && requestId != null && requestId.equals(existing.get().createRequestId)) {
            return existing.get();
        }
        if (existing.isPresent()) {
            throw new AlreadyExistsException("project " + name + " already exists");
        }
        Project project = new Project();
        project.name = name;
        project.createRequestId = requestId;
        project.repoUrl = orDefault(settings.repoUrl(), "");
        requireRepository(project.repoUrl);
        project.defaultBranch = orDefault(settings.defaultBranch(), Project.DEFAULT_BRANCH);
        project.branchPrefix = orDefault(settings.branchPrefix(), Project.DEFAULT_BRANCH_PREFIX);
        branchProblem(project.defaultBranch).ifPresent(problem -> {
            throw new InvalidRequestException("default_branch '" + project.defaultBranch + "' is not a valid git branch name: "
                    + problem);
        });
        prefixProblem(project.branchPrefix).ifPresent(problem -> {
            throw new InvalidRequestException("branch_prefix '" + project.branchPrefix + "' cannot start git branch names: "
                    + problem);
        });
        project.defaultPrompt = orDefault(settings.defaultPrompt(), Project.DEFAULT_PROMPT);
        if (settings.rejectionAction() != null) {
            project.rejectionAction = settings.rejectionAction();
        }
        requireRunTimeout(settings.runTimeoutSeconds());
        project.runTimeoutSeconds = settings.runTimeoutSeconds();
        project.archiveInRepository = settings.archiveInRepository();
        List<String> verifyCommand = settings.verifyCommand() == null ? List.of() : settings.verifyCommand();
        requireVerifyCommand(verifyCommand);
        project.verifyCommand = new java.util.ArrayList<>(verifyCommand);
        requireVerifyTimeout(settings.verifyTimeoutSeconds());
        project.verifyTimeoutSeconds = settings.verifyTimeoutSeconds();
        try {
            project.persist();
            project.flush();
        } catch (jakarta.persistence.PersistenceException e) {
            // Creates take turns per name, so only a writer that bypassed them can get here first.
            if (uniqueViolation(e)) {
                throw new AlreadyExistsException("project " + name + " already exists");
            }
            throw e;
        }
        return project;
    }

    /**
     * Changes the given settings of an existing project. The project's row is locked from the read
     * to the commit, so concurrent updates take turns and none loses another's change; everything
     * is checked before anything is written.
     */
    @Transactional
    public Project update(String name, Changes changes) {
        requireName(name);
        Project project = Project.<Project>find("name", name).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional().orElseThrow(() -> missing(name));
        changes.defaultBranch().ifPresent(branch -> branchProblem(branch).ifPresent(problem -> {
            throw new InvalidRequestException("default_branch '" + branch + "' is not a valid git branch name: " + problem);
        }));
        changes.branchPrefix().ifPresent(prefix -> prefixProblem(prefix).ifPresent(problem -> {
            throw new InvalidRequestException("branch_prefix '" + prefix + "' cannot start git branch names: " + problem);
        }));
        changes.defaultPrompt().ifPresent(prompt -> {
            if (prompt.isBlank()) {
                throw new InvalidRequestException("default_prompt is empty: name a prompt template (standard is the default)");
            }
        });
        changes.repoUrl().ifPresent(Projects::requireRepository);
        changes.runTimeoutSeconds().ifPresent(Projects::requireRunTimeout);
        changes.verifyCommand().ifPresent(Projects::requireVerifyCommand);
        changes.verifyTimeoutSeconds().ifPresent(Projects::requireVerifyTimeout);
        changes.repoUrl().ifPresent(url -> project.repoUrl = url);
        changes.archiveInRepository().ifPresent(archive -> project.archiveInRepository = archive);
        changes.defaultBranch().ifPresent(branch -> project.defaultBranch = branch);
        changes.branchPrefix().ifPresent(prefix -> project.branchPrefix = prefix);
        changes.defaultPrompt().ifPresent(prompt -> project.defaultPrompt = prompt);
        changes.rejectionAction().ifPresent(action -> project.rejectionAction = action);
        changes.runTimeoutSeconds().ifPresent(seconds -> project.runTimeoutSeconds = seconds);
        changes.verifyCommand().ifPresent(command -> project.verifyCommand = new java.util.ArrayList<>(command));
        changes.verifyTimeoutSeconds().ifPresent(seconds -> project.verifyTimeoutSeconds = seconds);
        project.flush();
        return project;
    }

    static void requireRepository(String url) {
        RepositoryUrls.problem(url).ifPresent(problem -> {
            throw new InvalidRequestException("repo_url " + problem);
        });
    }

    static void requireRunTimeout(int seconds) {
        if (seconds < 0 || seconds > Project.MAX_RUN_TIMEOUT_SECONDS) {
            throw new InvalidRequestException("run_timeout_seconds " + seconds + " is out of range: "
                    + "use 1 to " + Project.MAX_RUN_TIMEOUT_SECONDS + " seconds, or 0 for agent-service's default");
        }
    }

    static void requireVerifyTimeout(int seconds) {
        if (seconds < 0 || seconds > Project.MAX_RUN_TIMEOUT_SECONDS) {
            throw new InvalidRequestException("verify_timeout_seconds " + seconds + " is out of range: "
                    + "use 1 to " + Project.MAX_RUN_TIMEOUT_SECONDS + " seconds, or 0 for merge-service's default");
        }
    }

    /** A verify command is an argument list of at most 64 non-empty arguments (never a shell string). */
    static void requireVerifyCommand(List<String> command) {
        chant.support.verify.VerifyCommands.problem("verify_command", command, " (an empty list turns the gate off)")
                .ifPresent(problem -> {
                    throw new InvalidRequestException(problem);
                });
    }

    private static boolean uniqueViolation(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The project with this name, or NOT_FOUND naming the command that lists projects. Not a
     * transactional method on purpose: a caller may catch the failure without its transaction
     * being marked for rollback.
     */
    public Project require(String name) {
        requireName(name);
        return Project.findByName(name).orElseThrow(() -> missing(name));
    }

    /** Refuses an empty project name, before anything is looked up. */
    public static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("project is empty: name the project (chant --project NAME; chant project list shows them)");
        }
    }

    /** The answer for a project that does not exist. */
    public static NotFoundException missing(String name) {
        return new NotFoundException(
                "project " + Shown.prefix(name) + " does not exist (chant project list shows the projects; chant project add creates one)");
    }

    public java.util.Optional<Project> find(String name) {
        return Project.findByName(name);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Project> list() {
        return Project.list("order by name");
    }

    static void requireValidName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRequestException("project name " + Shown.prefix(name) + " is not valid: use 1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** What is wrong with {@code name} as the project's default branch; empty when nothing is. */
    public static java.util.Optional<String> branchProblem(String name) {
        return RefNames.problem(name);
    }

    /** What is wrong with {@code prefix} as the start of the project's work branches; empty when nothing is. */
    public static java.util.Optional<String> prefixProblem(String prefix) {
        return RefNames.prefixProblem(prefix);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
