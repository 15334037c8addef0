package chant.agent.run;

import chant.support.remote.RemoteException;
import chant.agent.access.Access;
import chant.agent.remote.SpecServiceClient;
import chant.support.auth.Authorization;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.agent.work.RunKind;
import chant.support.failure.UnavailableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import chant.support.failure.ConflictException;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.NotFoundException;
import chant.support.failure.PreconditionFailedException;
import chant.support.paging.PageSize;
import chant.support.paging.PageTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Enqueues, reads, lists and cancels runs. Claiming and ending them is {@code chant.agent.queue.RunQueue}. */
@ApplicationScoped
public class Runs {

    public static final int MAX_TIMEOUT_SECONDS = 86_400;
    static final int MAX_PROMPT = 100;
    /** Where agents run in this version of the service. */
    /** The backend a run is recorded with: the one this service runs runs on ({@code local} or {@code kubernetes}). */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "chant.agent.backend", defaultValue = "local")
    String backend;
    /** The template of every split run (a repository may override it). */
    public static final String SPLIT_TEMPLATE = "split";
    /** The template of every merge-conflict run (a repository may override it). */
    public static final String MERGE_CONFLICT_TEMPLATE = "merge-conflict";

    @Inject
    chant.agent.delivery.SpecDeliveries deliveries;

    @Inject
    SpecServiceClient specService;

    @Inject
    Access access;

    @Inject
    DefaultProvider defaultProvider;

    @Inject
    jakarta.enterprise.event.Event<QueueChanged> queueChanged;

    @Inject
    EntityManager em;

    @Inject
    DatabaseClock clock;

    @Inject
    PageTokens pageTokens;

    @ConfigProperty(name = "chant.agent.default-timeout-seconds", defaultValue = "3600")
    int defaultTimeoutSeconds;

    /**
     * Puts a run into the queue, or returns the run an earlier request with the same request ID
     * created. The database refuses a second active run of a spec (a partial unique index), so
     * that concurrent requests cannot both pass a check. Only a member of the project may; the run's
     * creator is the acting person ({@link Principal#actor()}: for merge-service, the one it acts for).
     *
     * @throws PreconditionFailedException naming the spec's active run
     * @throws chant.support.failure.PermissionDeniedException for a caller who is not a member, before anything is asked or stored
     */
    public Run enqueue(NewRun request, Principal principal) {
        String project = RunFields.required("project", request.project());
        access.of(principal).requireRole(project, Role.MEMBER);
        String caller = principal.actor();
        String specId = RunFields.required("spec_id", request.specId());
        String prompt = RunFields.optional("prompt", request.prompt());
        if (prompt.length() > MAX_PROMPT) {
            throw new InvalidRequestException("prompt names a template: use at most " + MAX_PROMPT + " characters");
        }
        RunKind kind = request.kind() == null ? RunKind.WORK : request.kind();
        if (kind == RunKind.VERIFY) {
            return enqueueVerify(request, principal, project, specId, prompt);
        }
        if (request.verify() != null && request.verify().isPresent()) {
            throw new InvalidRequestException("verify is only for a verify run (kind VERIFY): leave it empty for a "
                    + kind.dbName() + " run");
        }
        if (kind == RunKind.SPLIT) {
            if (!prompt.isEmpty()) {
                throw new InvalidRequestException("prompt `" + prompt + "` cannot be given for a split run: it uses the "
                        + "template split (a repository changes it with .chant/prompts/split.md)");
            }
            prompt = SPLIT_TEMPLATE;
        }
        String target = request.targetBranch() == null ? "" : request.targetBranch().strip();
        if (kind == RunKind.MERGE_CONFLICT) {
            if (!prompt.isEmpty()) {
                throw new InvalidRequestException("prompt `" + prompt + "` cannot be given for a merge-conflict run: it"
                        + " uses the template merge-conflict (a repository changes it with .chant/prompts/merge-conflict.md)");
            }
            prompt = MERGE_CONFLICT_TEMPLATE;
            if (target.isEmpty()) {
                throw new InvalidRequestException("target_branch is required for a merge-conflict run: name the branch"
                        + " the spec's branch is rebased onto (for example main)");
            }
            String branch = target;
            chant.support.git.RefNames.problem(branch).ifPresent(problem -> {
                throw new InvalidRequestException("target_branch " + branch + " is not a valid branch name: " + problem);
            });
        } else if (!target.isEmpty()) {
            throw new InvalidRequestException("target_branch is only for a merge-conflict run (kind MERGE_CONFLICT):"
                    + " leave it empty for a " + kind.dbName() + " run");
        }
        String provider = request.provider() == null || request.provider().isEmpty() ? defaultProvider.name()
                : RunFields.provider(request.provider());
        String model = RunFields.optional("model", request.model());
        if (request.timeoutSeconds() < 0 || request.timeoutSeconds() > MAX_TIMEOUT_SECONDS) {
            throw new InvalidRequestException("timeout_seconds " + request.timeoutSeconds()
                    + " is out of range: use 1 to " + MAX_TIMEOUT_SECONDS + " (0 for the project's default, else "
                    + defaultTimeoutSeconds + ")");
        }
        if (request.requestId() != null) {
            Optional<Run> earlier = QuarkusTransaction.requiringNew().call(() -> byRequestId(project, request.requestId()));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String fullId = fromSpecService(() -> specService.fullId(project, specId, caller));
        int timeout = request.timeoutSeconds() != 0 ? request.timeoutSeconds() : timeoutOf(project, caller);
        if (kind == RunKind.SPLIT) {
            fromSpecService(() -> specService.refusalToSplit(project, fullId, caller)).ifPresent(why -> {
                throw new PreconditionFailedException(why);
            });
            // The spec stays pending: a split changes it only by giving it members.
            return insert(project, fullId, prompt, provider, model, timeout, request.requestId(), caller, kind, "",
                    Optional.empty());
        }
        if (kind == RunKind.MERGE_CONFLICT) {
            return enqueueResolve(project, fullId, prompt, provider, model, timeout, request.requestId(), caller, target);
        }
        fromSpecService(() -> specService.refusalToStart(project, fullId, caller)).ifPresent(why -> {
            throw new PreconditionFailedException(why + ": a run starts only on a ready spec (chant ready lists them)");
        });
        Run run = insert(project, fullId, prompt, provider, model, timeout, request.requestId(), caller, kind, "",
                Optional.empty());
        started(run, fullId, () -> specService.start(project, fullId, run.id, caller));
        return run;
    }

    /**
     * A verify run (merge-service's verify gate): only merge-service may ask, for any spec of the project; the
     * spec is not changed. Its task is checked in full ({@link VerifyTasks}) before anything is stored.
     */
    private Run enqueueVerify(NewRun request, Principal principal, String project, String specId, String prompt) {
        if (!principal.isService(VerifyTasks.REQUESTER)) {
            throw new chant.support.failure.PermissionDeniedException("only merge-service may enqueue a verify run (its"
                    + " verify gate); " + principal.describe() + " may not");
        }
        chant.agent.work.VerifyTask task = VerifyTasks.checked(request.verify() == null ? Optional.empty()
                : request.verify());
        if (!prompt.isEmpty() || !RunFields.optional("model", request.model()).isEmpty()
                || (request.provider() != null && !request.provider().isEmpty())
                || (request.targetBranch() != null && !request.targetBranch().isBlank())) {
            throw new InvalidRequestException("a verify run runs its command and no agent: leave prompt, provider, model"
                    + " and target_branch empty");
        }
        if (request.timeoutSeconds() <= task.timeoutSeconds() || request.timeoutSeconds() > MAX_TIMEOUT_SECONDS) {
            throw new InvalidRequestException("timeout_seconds " + request.timeoutSeconds() + " must be more than the"
                    + " command's verify.timeout_seconds " + task.timeoutSeconds() + " (the fetch takes time too) and at"
                    + " most " + MAX_TIMEOUT_SECONDS);
        }
        String caller = principal.actor();
        if (request.requestId() != null) {
            Optional<Run> earlier = QuarkusTransaction.requiringNew().call(() -> byRequestId(project, request.requestId()));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String fullId = fromSpecService(() -> specService.fullId(project, specId, caller));
        Run run = insert(project, fullId, "", "", "", request.timeoutSeconds(), request.requestId(), caller,
                RunKind.VERIFY, "", Optional.of(task));
        queueChanged.fire(new QueueChanged("run " + run.id + " queued"));
        return run;
    }

    /**
     * A merge-conflict run: the spec's work is done (needs_attention after a conflict, or completed) and its
     * branch exists; a needs_attention spec moves to in_progress (its run ends it completed or needing attention
     * again), a completed one stays completed.
     */
    private Run enqueueResolve(String project, String fullId, String prompt, String provider, String model, int timeout,
            String requestId, String caller, String target) {
        fromSpecService(() -> specService.refusalToResolve(project, fullId, caller)).ifPresent(why -> {
            throw new PreconditionFailedException(why);
        });
        Run run = insert(project, fullId, prompt, provider, model, timeout, requestId, caller, RunKind.MERGE_CONFLICT,
                target, Optional.empty());
        started(run, fullId, () -> specService.startResolving(project, fullId, run.id, target, caller));
        return run;
    }

    /**
     * Tells spec-service that the stored run starts its spec. A refusal ends the run before it started
     * and is the caller's precondition; spec-service gone away after the check leaves it to the runner,
     * which moves the spec when it starts. Then a local backend claims the run at once instead of at its
     * next scheduled look (the run is committed).
     */
    private void started(Run run, String fullId, Runnable start) {
        try {
            start.run();
        } catch (RemoteException e) {
            if (!e.retryable()) {
                QuarkusTransaction.requiringNew().run(() -> endBeforeStart(run.id, "spec-service refused to start spec "
                        + fullId + ": " + e.getMessage()));
                throw new PreconditionFailedException("spec " + fullId + " could not start: " + e.getMessage());
            }
        }
        queueChanged.fire(new QueueChanged("run " + run.id + " queued"));
    }

    /** Ends a run that could not start (its spec was refused); its spec is left as it is. */
    @Transactional(Transactional.TxType.MANDATORY)
    void endBeforeStart(long id, String why) {
        Run run = em.find(Run.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (run.status == RunStatus.QUEUED) {
            run.end(RunStatus.FAILED, why, clock.now());
            run.specDelivery = "";
        }
    }

    /**
     * A call to spec-service, its failures as this service's: unreachable is UNAVAILABLE (nothing was
     * stored), a refusal keeps its status and spec-service's message.
     */
    public static <T> T fromSpecService(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RemoteException e) {
            if (e.retryable()) {
                throw new UnavailableException("spec-service could not be asked about the spec: " + e.getMessage()
                        + "; nothing was stored, retry when it is back");
            }
            throw switch (e.code()) {
                case "NOT_FOUND" -> new NotFoundException(e.getMessage());
                case "INVALID_ARGUMENT" -> new InvalidRequestException(e.getMessage());
                default -> new PreconditionFailedException(e.getMessage());
            };
        }
    }

    /** The project's default timeout, else the service's ({@code chant.agent.default-timeout-seconds}). */
    private int timeoutOf(String project, String caller) {
        int projectDefault = fromSpecService(() -> specService.runTimeoutSeconds(project, caller));
        return projectDefault > 0 ? projectDefault : defaultTimeoutSeconds;
    }

    /**
     * Inserts the run with {@code ON CONFLICT DO NOTHING}: PostgreSQL decides against the unique
     * indexes (waiting for a concurrent insert of the same spec to commit or roll back), and a
     * refused insert is told apart by reading what holds the spec (or the request ID) now. Every
     * statement reads committed data afresh, so a conflicting run that ended meanwhile is simply
     * tried again.
     */
    @Transactional
    Run insert(String project, String specId, String prompt, String provider, String model, int timeout,
            String requestId, String caller, RunKind kind, String targetBranch,
            Optional<chant.agent.work.VerifyTask> verify) {
        for (int tries = 0; ; tries++) {
            if (requestId != null) {
                Optional<Run> earlier = byRequestId(project, requestId);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            @SuppressWarnings("unchecked")
            List<Number> inserted = em.createNativeQuery("""
                    INSERT INTO run (project, spec_id, prompt, provider, model, backend, status, attempt, created_by,
                                     create_request_id, timeout_seconds, created_at, not_before, kind, target_branch,
                                     verify_commit, verify_ref, verify_command, verify_timeout_seconds)
                    VALUES (:project, :specId, :prompt, :provider, :model, :backend, 'queued', 1, :createdBy,
                            NULLIF(:requestId, ''), :timeout, statement_timestamp(), statement_timestamp(), :kind,
                            :targetBranch, :verifyCommit, :verifyRef,
                            ARRAY(SELECT jsonb_array_elements_text(CAST(:verifyCommand AS jsonb))), :verifyTimeout)
                    ON CONFLICT DO NOTHING
                    RETURNING id""")
                    .setParameter("project", project)
                    .setParameter("specId", specId)
                    .setParameter("prompt", prompt)
                    .setParameter("provider", provider)
                    .setParameter("model", model)
                    .setParameter("backend", backend)
                    .setParameter("createdBy", caller)
                    .setParameter("requestId", requestId == null ? "" : requestId)
                    .setParameter("timeout", timeout)
                    .setParameter("kind", kind.dbName())
                    .setParameter("targetBranch", targetBranch)
                    .setParameter("verifyCommit", verify.map(chant.agent.work.VerifyTask::commit).orElse(""))
                    .setParameter("verifyRef", verify.map(chant.agent.work.VerifyTask::ref).orElse(""))
                    .setParameter("verifyCommand", VerifyTasks.json(verify.map(chant.agent.work.VerifyTask::command)
                            .orElse(List.of())))
                    .setParameter("verifyTimeout", verify.map(chant.agent.work.VerifyTask::timeoutSeconds).orElse(0))
                    .getResultList();
            if (!inserted.isEmpty()) {
                return em.find(Run.class, inserted.get(0).longValue());
            }
            if (requestId != null) {
                Optional<Run> concurrent = byRequestId(project, requestId);
                if (concurrent.isPresent()) {
                    return concurrent.get();
                }
            }
            Optional<Run> active = activeRun(project, specId);
            if (active.isPresent()) {
                Run other = active.get();
                throw new PreconditionFailedException("spec " + specId + " already has " + other.label() + " ("
                        + other.status.dbName() + "): wait for its end or cancel it (CancelRun) first");
            }
            if (tries >= 3) {
                throw new ConflictException("spec " + specId + " changed while its run was enqueued: retry");
            }
        }
    }

    /** The run with this ID. */
    @Transactional
    public Run get(long id) {
        Run run = Run.findById(id);
        if (run == null) {
            throw notFound(id);
        }
        return run;
    }

    /**
     * The run with this ID, for a viewer of its project or the run's own runner.
     *
     * @throws chant.support.failure.PermissionDeniedException for anyone else (a run token of another run included)
     */
    @Transactional
    public Run get(long id, Principal principal) {
        Run run = get(id);
        requireRead(access.of(principal), run);
        return run;
    }

    /** Reading a run: its own runner's token, or the viewer role in its project. */
    static void requireRead(Authorization auth, Run run) {
        if (auth.principal().runScope().isPresent()) {
            auth.requireRunScope(String.valueOf(run.id));
        } else {
            auth.requireRole(run.project, Role.VIEWER);
        }
    }

    /**
     * Runs that match {@code filter}, newest first, a page at a time, of the projects where the caller
     * is a viewer: naming a project it may not see is PERMISSION_DENIED; without a project, the runs
     * of the others are left out.
     */
    @Transactional
    public RunPage list(RunFilter filter, int pageSize, String pageToken, Principal principal) {
        Authorization auth = access.of(principal);
        int size = PageSize.STANDARD.resolve(pageSize);
        String cursor = pageTokens.decode(filter.scope(), pageToken);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.project() != null && !filter.project().isEmpty()) {
            auth.requireRole(filter.project(), Role.VIEWER);
            where.append(" and project = :project");
            params.put("project", filter.project());
        } else {
            // The projects with runs (a short list: one row per project) that the caller may see.
            @SuppressWarnings("unchecked")
            List<String> projects = em.createNativeQuery("SELECT DISTINCT project FROM run").getResultList();
            List<String> visible = projects.stream().filter(p -> auth.holds(p, Role.VIEWER)).toList();
            if (visible.size() < projects.size()) {
                if (visible.isEmpty()) {
                    return new RunPage(List.of(), "");
                }
                where.append(" and project in :projects");
                params.put("projects", visible);
            }
        }
        if (filter.specId() != null && !filter.specId().isEmpty()) {
            where.append(" and specId = :specId");
            params.put("specId", filter.specId());
        }
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            where.append(" and status in :statuses");
            params.put("statuses", filter.statuses());
        }
        if (cursor != null) {
            long before;
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("page_token is not a token of this list");
            }
            where.append(" and id < :before");
            params.put("before", before);
        }
        List<Run> found = new ArrayList<>(Run.<Run>find(where + " order by id desc", params).page(0, size + 1).list());
        String next = "";
        if (found.size() > size) {
            found = found.subList(0, size);
            next = pageTokens.encode(filter.scope(), String.valueOf(found.get(size - 1).id));
        }
        return new RunPage(List.copyOf(found), next);
    }

    /**
     * Cancels a run: a queued one ends at once; a claimed one is marked, and its runner learns it
     * from its next heartbeat.
     *
     * @throws PreconditionFailedException when the run has ended
     */
    @Transactional
    public Run cancel(long id, Principal principal) {
        requireMember(id, principal);
        String caller = principal.actor();
        Run run = em.find(Run.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            throw notFound(id);
        }
        if (run.status.ended()) {
            throw new PreconditionFailedException(run.label() + " has already ended (" + run.status.dbName()
                    + "): there is nothing to cancel");
        }
        if (run.status == RunStatus.QUEUED) {
            endQueued(run, "cancelled by " + caller + " before it started");
        } else if (run.pauseRequested) {
            throw new PreconditionFailedException(run.label() + " is being " + (run.takeover ? "taken over" : "paused")
                    + " (" + run.pausedByText() + "): its runner stops it and keeps its checkout; wait for its end");
        } else if (!run.cancelRequested) {
            run.cancelRequested = true;
            run.cancelRequestedBy = caller;
        }
        return run;
    }

    /**
     * Pauses a run: a queued one ends at once (nothing to keep; its spec goes back to pending); a
     * claimed one is marked, and its runner learns it from its next heartbeat, stops the agent, keeps
     * the checkout as it is and reports where. A finalizing run is refused: its work is being committed
     * and pushed already, and stopping it halfway would leave the branch and the spec apart.
     *
     * @throws PreconditionFailedException when the run has ended, is being cancelled, or is finalizing
     */
    @Transactional
    public Run pause(long id, boolean takeover, Principal principal) {
        requireMember(id, principal);
        String caller = principal.actor();
        Run run = em.find(Run.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (run == null) {
            throw notFound(id);
        }
        String verb = takeover ? "take over" : "pause";
        if (run.runKind() == RunKind.VERIFY) {
            throw new PreconditionFailedException(run.label() + " is a verify run of merge-service's gate: it has no"
                    + " work to keep, so it cannot be " + (takeover ? "taken over" : "paused") + "; cancel it instead");
        }
        if (run.status.ended()) {
            throw new PreconditionFailedException(run.label() + " has already ended (" + run.status.dbName()
                    + "): there is nothing to " + verb + (run.keptCheckout.isEmpty() ? ""
                            : "; its checkout is kept at " + run.keptCheckout));
        }
        if (run.cancelRequested) {
            throw new PreconditionFailedException(run.label() + " is being cancelled (by " + run.cancelRequestedBy
                    + "): there is nothing to " + verb);
        }
        if (run.status == RunStatus.FINALIZING) {
            throw new PreconditionFailedException(run.label() + " is finalizing (its work is being committed and pushed):"
                    + " wait for its end, then chant work continues from the pushed branch");
        }
        if (run.status == RunStatus.QUEUED) {
            endQueued(run, (takeover ? "taken over by " : "paused by ") + caller + " before it started; nothing to keep");
        } else if (!run.pauseRequested) {
            run.pauseRequested = true;
            run.pauseRequestedBy = caller;
            run.takeover = takeover;
        } else if (takeover) {
            run.takeover = true;
        }
        return run;
    }

    /**
     * Ends a run that never started working. EnqueueRun moved its spec to in_progress, so the spec
     * goes back to pending (spec-service's reset, with this run as the reason), not to failed; a merge-conflict
     * run's spec goes back to needs_attention.
     */
    private void endQueued(Run run, String reason) {
        run.end(RunStatus.CANCELLED, reason, clock.now());
        // A merge-conflict run's spec had its work done: it goes back to needing attention, not to pending.
        chant.agent.work.SpecEnd end = run.runKind() == RunKind.MERGE_CONFLICT ? chant.agent.work.SpecEnd.NEEDS_ATTENTION
                : chant.agent.work.SpecEnd.PENDING;
        deliveries.record(run.asEnded(), Optional.of(new chant.agent.work.SpecResult(run.id, run.project, run.specId,
                null, List.of(), "", "", "", end, reason)));
    }

    /**
     * Checks that the caller is a member of the run's project before the run's row is locked: the check
     * may ask spec-service for the stored roles, which must not hold the lock. A run never changes project.
     */
    private void requireMember(long id, Principal principal) {
        @SuppressWarnings("unchecked")
        List<String> project = em.createNativeQuery("SELECT project FROM run WHERE id = :id").setParameter("id", id)
                .getResultList();
        if (project.isEmpty()) {
            throw notFound(id);
        }
        access.of(principal).requireRole(project.get(0), Role.MEMBER);
    }

    public static NotFoundException notFound(long id) {
        return new NotFoundException("run " + id + " does not exist");
    }

    private Optional<Run> byRequestId(String project, String requestId) {
        return Run.<Run>find("project = ?1 and createRequestId = ?2", project, requestId).firstResultOptional();
    }

    private Optional<Run> activeRun(String project, String specId) {
        return Run.<Run>find("project = ?1 and specId = ?2 and status in ?3", project, specId, RunStatus.ACTIVE)
                .firstResultOptional();
    }
}
