package chant.merge.verify;

import chant.support.verify.VerifyRunner;
import chant.support.verify.Verification;
import chant.merge.git.MergeRepository;
import chant.merge.remote.ProjectInfo;
import chant.support.git.Git;
import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import chant.merge.remote.AgentServiceClient;
import java.util.List;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The per-project verify gate of the queue: when the project has a verify command, it runs on the
 * exact commit the target would move to, in the sandbox, before anything is recorded or pushed
 * ({@link VerifyRunner}), or, with {@code chant.merge.verify.where=agent-service}, as a verify run of
 * agent-service ({@link VerifyRuns}). Checkouts live under {@code <work-root>/verify}; those left by a process
 * that died are removed at start and before each verification.
 */
@ApplicationScoped
public class VerifyGate {

    private static final Logger LOG = Logger.getLogger(VerifyGate.class);

    static final String UNSANDBOXED_WARNING = "VERIFY COMMANDS RUN UNSANDBOXED (chant.merge.sandbox.unsandboxed=true,"
            + " CHANT_MERGE_UNSANDBOXED): a project's verify command can read and write everything merge-service can,"
            + " including its repositories, and reach the network. Install bubblewrap (apt-get install bubblewrap) and"
            + " turn this setting off.";

    @ConfigProperty(name = "chant.merge.work-root", defaultValue = ".chant-run/merge")
    Path workRoot;

    @ConfigProperty(name = "chant.merge.sandbox.unsandboxed", defaultValue = "false")
    boolean unsandboxed;

    @ConfigProperty(name = "chant.merge.verify.default-timeout-seconds", defaultValue = "600")
    int defaultTimeoutSeconds;

    /** {@code here} (this process, in its sandbox) or {@code agent-service} (a verify run, {@link VerifyRuns}). */
    @ConfigProperty(name = "chant.merge.verify.where", defaultValue = HERE)
    String where;

    /** How often a verify run of agent-service is looked at while it works. */
    @ConfigProperty(name = "chant.merge.verify.run-poll", defaultValue = "1s")
    Duration runPoll;

    @Inject
    AgentServiceClient agents;

    static final String HERE = "here";
    static final String AGENT_SERVICE = "agent-service";

    private volatile VerifyRunner runner;

    void onStart(@Observes StartupEvent start) {
        if (!List.of(HERE, AGENT_SERVICE).contains(where)) {
            throw new IllegalStateException("chant.merge.verify.where (CHANT_MERGE_VERIFY_WHERE) is '" + where + "': set "
                    + HERE + " (verify commands run in this process's sandbox) or " + AGENT_SERVICE
                    + " (as verify runs of agent-service, in Kubernetes a Job each)");
        }
        try {
            runner().removeLeftovers();
        } catch (RuntimeException e) {
            LOG.warnf("verify checkouts left by an earlier process could not be removed: %s", e.getMessage());
        }
    }

    /**
     * Runs the project's verify command on {@code commit} of {@code repository}; empty when the
     * project has no gate.
     */
    public Optional<Verification> verify(ProjectInfo project, MergeRepository repository, String commit,
            long requestId, int position, String specId, String requestedBy) {
        if (project.verifyCommand().isEmpty()) {
            return Optional.empty();
        }
        int seconds = project.verifyTimeoutSeconds() > 0 ? project.verifyTimeoutSeconds() : defaultTimeoutSeconds;
        if (AGENT_SERVICE.equals(where)) {
            return Optional.of(new VerifyRuns(agents, runPoll, java.time.Clock.systemUTC()).verify(project, repository,
                    commit, new VerifyRuns.Subject(requestId, position, specId, requestedBy), seconds));
        }
        return Optional.of(runner().verify(repository.dir(), commit, project.verifyCommand(), Duration.ofSeconds(seconds)));
    }

    /** Where the checkouts are made (tests look there). */
    public Path checkouts() {
        return runner().checkouts();
    }

    private VerifyRunner runner() {
        if (runner == null) {
            synchronized (this) {
                if (runner == null) {
                    Sandbox sandbox = unsandboxed ? Sandbox.unsandboxed(UNSANDBOXED_WARNING)
                            : Sandbox.bubblewrap(Bubblewrap.onPath());
                    runner = new VerifyRunner(Git.onPath(), sandbox, workRoot.toAbsolutePath().normalize().resolve("verify"));
                }
            }
        }
        return runner;
    }
}
