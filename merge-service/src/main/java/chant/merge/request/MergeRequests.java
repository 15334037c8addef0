package chant.merge.request;

import chant.merge.auth.ProjectAccess;
import chant.merge.remote.ProjectInfo;
import chant.support.remote.RemoteException;
import chant.merge.remote.SpecInfo;
import chant.merge.remote.SpecServiceClient;
import chant.merge.workspace.ProjectRepositories;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.NotFoundException;
import chant.support.failure.PreconditionFailedException;
import chant.support.failure.UnavailableException;
import chant.support.git.GitException;
import chant.support.git.RefNames;
import chant.support.paging.PageSize;
import chant.support.paging.PageTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Submits, reads and lists merge requests. Working them is {@code chant.merge.queue}.
 *
 * <p>A submission asks spec-service first (the project, the specs, their order), checks each spec,
 * and for a dry run works every outcome out in git; only then does it store the request and its
 * items, in one transaction. A failure before that stores nothing, so a retry with the same
 * request ID is safe.
 *
 * <p>Rights ({@link ProjectAccess}) are checked first, as soon as the project is known: submitting
 * needs the member role, reading the viewer role. A refused request asks spec-service nothing about
 * the specs and stores nothing; the requester recorded is the principal's {@link Principal#actor()}.
 */
@ApplicationScoped
public class MergeRequests {

    /** The most specs one request may name. */
    static final int MAX_SPECS = 1000;

    @Inject
    SpecServiceClient specService;

    @Inject
    MergeSignal signal;

    @Inject
    ProjectRepositories repositories;

    @Inject
    EntityManager em;

    @Inject
    DatabaseClock clock;

    @Inject
    PageTokens pageTokens;

    @Inject
    ProjectAccess access;

    /**
     * Puts a merge request into its queue (or, for a dry run, answers it at once), or returns the
     * request an earlier submission with the same request ID created.
     */
    public MergeView submit(NewMerge m, Principal principal) {
        String project = m.project() == null ? "" : m.project().strip();
        if (project.isEmpty()) {
            throw new InvalidRequestException("project is required: name the project whose specs are merged");
        }
        access.require(principal, project, Role.MEMBER);
        String caller = principal.actor();
        int ways = (m.specIds().isEmpty() ? 0 : 1) + (m.label().isEmpty() ? 0 : 1) + (m.all() ? 1 : 0);
        if (ways != 1) {
            throw new InvalidRequestException("spec_ids, label and all: " + (ways == 0 ? "none was given" : "more than"
                    + " one was given") + "; choose the specs in exactly one way (IDs, a label, or all completed"
                    + " specs with an unmerged branch)");
        }
        validateSelection(m);
        if (m.requestId() != null) {
            Optional<MergeView> earlier = QuarkusTransaction.requiringNew().call(() -> byRequestId(project, m.requestId()));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        ProjectInfo p = fromSpecService(() -> specService.project(project, caller));
        if (p.repoUrl().isEmpty()) {
            throw new PreconditionFailedException("project " + project + " has no repository (repo_url): there is"
                    + " nothing to merge into until it has one");
        }
        String target = m.targetBranch().isEmpty() ? p.defaultBranch() : m.targetBranch();
        Map<String, SpecInfo> chosen = new LinkedHashMap<>();
        if (!m.specIds().isEmpty()) {
            for (String id : m.specIds()) {
                SpecInfo spec = fromSpecService(() -> specService.spec(project, id.strip(), caller));
                chosen.putIfAbsent(spec.id(), spec);
            }
        } else {
            for (SpecInfo spec : fromSpecService(() -> specService.completed(project, m.label(), caller))) {
                if (!spec.merged() && !spec.branch().isEmpty()) {
                    chosen.put(spec.id(), spec);
                }
            }
        }
        List<String> order = new ArrayList<>(fromSpecService(() -> specService.order(project,
                List.copyOf(chosen.keySet()), caller)));
        chosen.keySet().stream().filter(id -> !order.contains(id)).forEach(order::add);
        List<Planned> items = new ArrayList<>();
        for (String id : order) {
            SpecInfo spec = chosen.get(id);
            if (spec == null) {
                continue;
            }
            Planned item = Planned.pending(spec.id(), spec.title(), spec.branch());
            items.add(SpecCheck.of(spec).map(v -> item.decided(v.outcome(), v.reason(), List.of())).orElse(item));
        }
        if (m.dryRun()) {
            List<Planned> planned = items;
            try {
                items = repositories.with(project, p.repoUrl(), repository -> DryRun.of(repository, target,
                        m.strategy(), caller, planned));
            } catch (GitException e) {
                throw new UnavailableException("the repository of project " + project + " could not be read: "
                        + e.getMessage() + "; nothing was stored, retry when it can be reached");
            }
        }
        List<Planned> stored = items;
        MergeView view = QuarkusTransaction.requiringNew().call(() -> insert(m, RequestKind.MERGE, false, project, target, stored,
                caller));
        signal.changed();
        return view;
    }

    /**
     * Puts an archive request into the queue of its project and target branch (or returns the
     * request an earlier submission with the same request ID created). Each spec is checked as
     * ArchiveSpecs would check it, on its own ({@link ArchiveCheck}): the ones that fail are REFUSED
     * or ALREADY_ARCHIVED at once, the others wait for the queue. A refused spec does not stop the
     * others (the request continues on errors).
     */
    public MergeView submitArchive(NewArchive a, Principal principal) {
        String project = a.project() == null ? "" : a.project().strip();
        if (project.isEmpty()) {
            throw new InvalidRequestException("project is required: name the project whose specs are archived");
        }
        access.require(principal, project, Role.MEMBER);
        String caller = principal.actor();
        if (a.specIds().isEmpty()) {
            throw new InvalidRequestException("spec_ids is empty: name at least one spec to archive");
        }
        NewMerge m = new NewMerge(project, a.specIds(), "", false, a.targetBranch(), chant.merge.git.Strategy.AUTO,
                false, false, true, a.requestId());
        validateSelection(m);
        if (a.requestId() != null) {
            Optional<MergeView> earlier = QuarkusTransaction.requiringNew().call(() -> byRequestId(project, a.requestId()));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        ProjectInfo p = fromSpecService(() -> specService.project(project, caller));
        if (p.repoUrl().isEmpty()) {
            throw new PreconditionFailedException("project " + project + " has no repository (repo_url): there is"
                    + " nothing to commit the archive to until it has one");
        }
        String target = a.targetBranch().isEmpty() ? p.defaultBranch() : a.targetBranch();
        Map<String, SpecInfo> chosen = new LinkedHashMap<>();
        for (String id : a.specIds()) {
            SpecInfo spec = fromSpecService(() -> specService.spec(project, id.strip(), caller));
            chosen.putIfAbsent(spec.id(), spec);
        }
        List<String> order = new ArrayList<>(fromSpecService(() -> specService.order(project,
                List.copyOf(chosen.keySet()), caller)));
        chosen.keySet().stream().filter(id -> !order.contains(id)).forEach(order::add);
        List<Planned> items = new ArrayList<>();
        java.util.Set<String> passed = new java.util.HashSet<>();
        for (String id : order) {
            SpecInfo spec = chosen.get(id);
            if (spec == null) {
                continue;
            }
            List<String> members = spec.archived() ? List.of()
                    : fromSpecService(() -> specService.openMembers(project, spec.id(), caller));
            Optional<SpecCheck.Verdict> verdict = ArchiveCheck.of(spec, a.force(), members, passed);
            Planned item = Planned.pending(spec.id(), spec.title(), spec.branch());
            if (verdict.isEmpty()) {
                passed.add(spec.id());
                items.add(item);
            } else {
                items.add(item.decided(verdict.get().outcome(), verdict.get().reason(), List.of()));
            }
        }
        MergeView view = QuarkusTransaction.requiringNew().call(() -> insert(m, RequestKind.ARCHIVE, a.force(), project, target,
                items, caller));
        signal.changed();
        return view;
    }

    private static void validateSelection(NewMerge m) {
        if (m.specIds().size() > MAX_SPECS) {
            throw new InvalidRequestException("spec_ids names " + m.specIds().size() + " specs: at most " + MAX_SPECS
                    + " per request");
        }
        if (m.specIds().stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new InvalidRequestException("spec_ids has an empty ID: name each spec by its full or short ID");
        }
        if (m.resolve() && m.dryRun()) {
            throw new InvalidRequestException("resolve cannot be combined with dry_run: a dry run moves nothing and"
                    + " starts no run (drop one of them)");
        }
        if (!m.targetBranch().isEmpty()) {
            RefNames.problem(m.targetBranch()).ifPresent(problem -> {
                throw new InvalidRequestException("target_branch '" + m.targetBranch() + "' is not a branch name: "
                        + problem + " (leave it empty for the project's default branch)");
            });
        }
    }

    /**
     * Stores the request and its items; a concurrent submission with the same request ID that
     * committed first wins, and its request is returned instead.
     */
    MergeView insert(NewMerge m, RequestKind kind, boolean force, String project, String target, List<Planned> items,
            String caller) {
        boolean decided = items.stream().noneMatch(i -> i.outcome() == Outcome.PENDING);
        boolean failed = !m.continueOnError() && !m.dryRun() && items.stream().anyMatch(i -> i.outcome().failure());
        MergeStatus status = decided ? (failed ? MergeStatus.STOPPED : MergeStatus.DONE) : MergeStatus.QUEUED;
        @SuppressWarnings("unchecked")
        List<Number> inserted = em.createNativeQuery("""
                INSERT INTO merge_request (project, target_branch, strategy, dry_run, delete_branch, continue_on_error,
                                           status, requested_by, request_id, created_at, ended_at, kind, force, resolve)
                VALUES (:project, :target, :strategy, :dryRun, :deleteBranch, :continueOnError, :status, :caller,
                        NULLIF(:requestId, ''), statement_timestamp(),
                        CASE WHEN :ended THEN statement_timestamp() END, :kind, :force, :resolve)
                ON CONFLICT DO NOTHING
                RETURNING id""")
                .setParameter("project", project)
                .setParameter("target", target)
                .setParameter("strategy", m.strategy().name())
                .setParameter("dryRun", m.dryRun())
                .setParameter("deleteBranch", m.deleteBranch())
                .setParameter("continueOnError", m.continueOnError())
                .setParameter("status", status.name())
                .setParameter("caller", caller)
                .setParameter("requestId", m.requestId() == null ? "" : m.requestId())
                .setParameter("ended", status.ended())
                .setParameter("kind", kind.name())
                .setParameter("force", force)
                .setParameter("resolve", m.resolve())
                .getResultList();
        if (inserted.isEmpty()) {
            return byRequestId(project, m.requestId()).orElseThrow(() -> new IllegalStateException(
                    "merge request " + m.requestId() + " was refused by the database but is not there"));
        }
        long id = inserted.get(0).longValue();
        Instant now = clock.now();
        for (int i = 0; i < items.size(); i++) {
            Planned p = items.get(i);
            MergeItem item = new MergeItem();
            item.mergeId = id;
            item.position = i;
            item.specId = p.specId();
            item.title = p.title();
            item.branch = p.branch();
            item.outcome = p.outcome();
            item.reason = p.reason();
            item.conflictFiles = String.join("\n", p.conflicts());
            item.mergeCommit = p.mergeCommit();
            item.targetBefore = p.targetBefore();
            item.targetAfter = p.targetAfter();
            item.endedAt = p.outcome() == Outcome.PENDING ? null : now;
            em.persist(item);
        }
        if (!status.ended()) {
            em.createNativeQuery("INSERT INTO merge_queue (project, target_branch) VALUES (:project, :target)"
                    + " ON CONFLICT DO NOTHING").setParameter("project", project).setParameter("target", target)
                    .executeUpdate();
        }
        em.flush();
        return view(MergeRequest.findById(id));
    }

    /**
     * The merge request with this ID and its items, for a principal who needs the viewer role in its
     * project.
     */
    public MergeView get(long id, Principal principal) {
        MergeView view = get(id);
        access.require(principal, view.request().project, Role.VIEWER);
        return view;
    }

    /** The merge request with this ID and its items (no rights checked: the service's own reads). */
    @Transactional
    public MergeView get(long id) {
        MergeRequest request = MergeRequest.findById(id);
        if (request == null) {
            throw notFound(id);
        }
        return view(request);
    }

    /** The revision of a merge request (grows with every change); empty when there is none. */
    @Transactional
    public Optional<Long> revision(long id) {
        MergeRequest request = MergeRequest.findById(id);
        return request == null ? Optional.empty() : Optional.of(request.revision);
    }

    /**
     * Merge requests, newest first, a page at a time: those of {@code project} (needs the viewer role
     * there), or with an empty project those of every project where the principal holds the viewer
     * role (a platform admin: all).
     */
    public MergePage list(String project, List<MergeStatus> statuses, int pageSize, String pageToken,
            Principal principal) {
        Optional<List<String>> visible = Optional.empty();
        if (!project.isEmpty()) {
            access.require(principal, project, Role.VIEWER);
        } else if (!access.readsEverything(principal)) {
            visible = Optional.of(access.where(principal, projects(), Role.VIEWER));
        }
        return list(project, statuses, pageSize, pageToken, visible);
    }

    /** The projects that have merge requests. */
    @Transactional
    List<String> projects() {
        return em.createQuery("select distinct r.project from MergeRequest r", String.class).getResultList();
    }

    /** Merge requests, newest first, a page at a time; only those of {@code within} when it is given. */
    @Transactional
    MergePage list(String project, List<MergeStatus> statuses, int pageSize, String pageToken,
            Optional<List<String>> within) {
        int size = PageSize.STANDARD.resolve(pageSize);
        String scope = "ListMerges/" + project + "/" + statuses.stream().map(Enum::name).sorted()
                .collect(Collectors.joining(","));
        String cursor = pageTokens.decode(scope, pageToken);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!project.isEmpty()) {
            where.append(" and project = :project");
            params.put("project", project);
        }
        if (!statuses.isEmpty()) {
            where.append(" and status in :statuses");
            params.put("statuses", statuses);
        }
        if (within.isPresent()) {
            if (within.get().isEmpty()) {
                return new MergePage(List.of(), "");
            }
            where.append(" and project in :within");
            params.put("within", within.get());
        }
        if (cursor != null) {
            try {
                params.put("before", Long.parseLong(cursor));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("page_token is not a token of this list");
            }
            where.append(" and id < :before");
        }
        List<MergeRequest> found = new ArrayList<>(MergeRequest.<MergeRequest>find(where + " order by id desc", params)
                .page(0, size + 1).list());
        String next = "";
        if (found.size() > size) {
            found = found.subList(0, size);
            next = pageTokens.encode(scope, String.valueOf(found.get(size - 1).id));
        }
        Map<Long, List<MergeItem>> items = new HashMap<>();
        if (!found.isEmpty()) {
            MergeItem.<MergeItem>find("mergeId in ?1 order by mergeId, position", found.stream().map(r -> r.id).toList())
                    .list().forEach(i -> items.computeIfAbsent(i.mergeId, k -> new ArrayList<>()).add(i));
        }
        return new MergePage(found.stream().map(r -> new MergeView(r, items.getOrDefault(r.id, List.of()))).toList(),
                next);
    }

    /** The request with its items, read in the caller's transaction. */
    public static MergeView view(MergeRequest request) {
        return new MergeView(request, MergeItem.<MergeItem>find("mergeId = ?1 order by position", request.id).list());
    }

    public static NotFoundException notFound(long id) {
        return new NotFoundException("merge request " + id + " does not exist");
    }

    private Optional<MergeView> byRequestId(String project, String requestId) {
        return MergeRequest.<MergeRequest>find("project = ?1 and requestId = ?2", project, requestId)
                .firstResultOptional().map(MergeRequests::view);
    }

    /**
     * A call to spec-service, its failures as this service's: unreachable is UNAVAILABLE (nothing was
     * stored), a refusal keeps its status and spec-service's message.
     */
    static <T> T fromSpecService(Supplier<T> call) {
        try {
            return call.get();
        } catch (RemoteException e) {
            if (e.retryable()) {
                throw new UnavailableException("spec-service could not be asked about the specs: " + e.getMessage()
                        + "; nothing was stored, retry when it is back");
            }
            throw switch (e.code()) {
                case "NOT_FOUND" -> new NotFoundException(e.getMessage());
                case "INVALID_ARGUMENT" -> new InvalidRequestException(e.getMessage());
                default -> new PreconditionFailedException(e.getMessage());
            };
        }
    }
}
