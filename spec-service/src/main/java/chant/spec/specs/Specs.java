package chant.spec.specs;

import chant.spec.access.Access;
import chant.support.auth.Authorization;
import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.Role;
import chant.support.text.Shown;
import chant.spec.content.Approval;
import chant.spec.content.InvalidSpecException;
import chant.spec.content.Problem;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecRules;
import chant.spec.content.SpecStatus;
import chant.spec.store.Spec;
import chant.spec.store.SpecFilter;
import chant.spec.store.SpecFinder;
import chant.spec.store.SpecPage;
import chant.spec.store.SpecReads;
import chant.spec.store.SpecView;
import chant.spec.store.SpecSearch;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.NotFoundException;
import chant.support.failure.PreconditionFailedException;
import chant.spec.store.StaleVersionException;
import chant.spec.content.MarkdownBody;
import chant.spec.format.SpecFormatException;
import chant.spec.format.SpecMarkdown;
import chant.spec.id.IdAllocator;
import chant.spec.id.ShortIdResolver;
import chant.spec.id.SpecId;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.project.Turns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The spec store's operations: create, read, update, delete and list specs of a project.
 * Every read-modify-write locks the spec row and checks the caller's version, so concurrent
 * writers are serialised and a writer that read an old version is refused, never silently lost.
 */
@ApplicationScoped
public class Specs {

    @Inject
    Projects projects;

    @Inject
    Turns turns;

    @Inject
    IdAllocator ids;

    @Inject
    ShortIdResolver resolver;

    @Inject
    SpecSearch search;

    @Inject
    SpecReads reads;

    @Inject
    SpecFinder finder;

    @Inject
    chant.spec.store.Blockers blockers;

    @Inject
    chant.spec.lifecycle.Lifecycle lifecycle;

    @Inject
    chant.spec.graph.DependencyCycles cycles;

    @Inject
    chant.spec.audit.EventLog events;

    @Inject
    Clock clock;

    @Inject
    Access access;

    /**
     * Creates a spec inside the caller's transaction (rejection actions create fix-up specs and
     * members as part of the decision).
     */
    @Transactional
    public SpecView create(NewSpec request, String caller) {
        Project project = projects.require(request.project());
        Optional<Spec> earlier = earlierCreateInTurn(project, request);
        if (earlier.isPresent()) {
            return blockers.view(earlier.get());
        }
        SpecContent content = newContent(project, request);
        return insert(project, content, request, caller, newId(project, request));
    }

    /**
     * Creates a spec for a client, in two transactions: the first checks the request and draws a
     * new top-level ID (the day's sequence row stays locked only until that short transaction
     * commits, so that concurrent creates in a project do not queue behind each other's whole
     * write); the second writes the spec with it. A number drawn for a create that then fails is
     * not used again: IDs only grow, and gaps are allowed. A member's number is drawn under its
     * driver's row lock in the writing transaction.
     * <p>
     * Attempts of one create (the same request_id) take turns in the writing transaction: a retry
     * that arrives while the first attempt is still in flight waits for it and returns its spec
     * (the number the retry drew stays unused), or writes the spec itself when that attempt
     * rolled back.
     */
    public SpecView createForClient(NewSpec request, Principal principal) {
        String caller = principal.actor();
        boolean member = request.driver() != null && !request.driver().isBlank();
        if (member) {
            // A split run's runner adds the members of its own spec.
            Authorization authorization = access.requireRoleUnlessRun(principal, request.project(), Role.MEMBER);
            return QuarkusTransaction.requiringNew().call(() -> {
                if (principal.kind() == PrincipalKind.RUN) {
                    // The driver's full ID without loading it: create locks and loads it afterwards.
                    Access.requireOwnSpecIfRun(authorization, request.project(),
                            resolver.resolve(projects.require(request.project()), request.driver()).id(), "add members to");
                }
                return create(request, caller);
            });
        }
        access.requireRole(principal, request.project(), Role.MEMBER);
        Drawn drawn = QuarkusTransaction.requiringNew().call(() -> {
            Project project = projects.require(request.project());
            Optional<Spec> earlier = earlierCreate(project, request);
            if (earlier.isPresent()) {
                return new Drawn(blockers.view(earlier.get()), null);
            }
            newContent(project, request);
            return new Drawn(null, ids.next(project));
        });
        if (drawn.earlier() != null) {
            return drawn.earlier();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Project project = projects.require(request.project());
            Optional<Spec> earlier = earlierCreateInTurn(project, request);
            if (earlier.isPresent()) {
                return blockers.view(earlier.get());
            }
            return insert(project, newContent(project, request), request, caller, drawn.id());
        });
    }

    /** A new top-level ID drawn, or the spec an earlier attempt of the same create made. */
    private record Drawn(SpecView earlier, SpecId id) {
    }

    /**
     * As {@link #earlierCreate}, after waiting for the turn of this request_id, which the caller's
     * transaction then holds until it ends: an attempt still in flight has committed or rolled
     * back by then, and no other attempt can write before this one has.
     */
    private Optional<Spec> earlierCreateInTurn(Project project, NewSpec request) {
        if (request.requestId() == null) {
            return Optional.empty();
        }
        turns.take(Turns.Kind.SPEC_CREATE_REQUEST, project.id + ":" + request.requestId());
        return earlierCreate(project, request);
    }

    /** The spec an earlier attempt of this create (the same request_id) made, if any. */
    private static Optional<Spec> earlierCreate(Project project, NewSpec request) {
        if (request.requestId() == null) {
            return Optional.empty();
        }
        return Spec.<Spec>find("project = ?1 and createRequestId = ?2", project, request.requestId()).firstResultOptional();
    }

    /** The new spec's content, checked: refused requests store nothing. */
    private SpecContent newContent(Project project, NewSpec request) {
        String title = requireTitle(request.title());
        SpecContent content = SpecContent.builder()
                .type(request.type())
                .labels(request.labels())
                .dependsOn(resolveAll(project, request.dependsOn(), List.of(), "depends_on"))
                .informedBy(request.informedBy())
                .context(request.context())
                .targetFiles(request.targetFiles())
                .prompt(blankToNull(request.prompt()))
                .model(blankToNull(request.model()))
                .approval(request.needsApproval() ? Approval.pendingRequired() : null)
                .body(MarkdownBody.newBody(title, request.body() == null ? "" : request.body()))
                .build();
        SpecRules.requireValid(content);
        return content;
    }

    private SpecId newId(Project project, NewSpec request) {
        return request.driver() == null || request.driver().isBlank()
                ? ids.next(project)
                : nextMember(project, request.driver());
    }

    private SpecView insert(Project project, SpecContent content, NewSpec request, String caller, SpecId id) {
        Spec spec = new Spec();
        spec.project = project;
        spec.setId(id);
        spec.setContent(content);
        spec.createdBy = caller;
        spec.createRequestId = request.requestId();
        spec.updatedAt = now();
        spec.persist();
        spec.flush();
        // The audit append takes the project's event lock until commit: it goes last.
        SpecView created = blockers.view(spec);
        events.append(spec, caller, chant.spec.audit.SpecDiff.of(content).as(chant.spec.audit.EventKind.CREATED));
        return created;
    }

    /**
     * The spec the (possibly short) ID names, archived or not. A full ID is one plain query outside
     * any transaction; a short one is resolved in a transaction first.
     */
    public SpecView get(String projectName, String idQuery, Principal caller) {
        ShortIdResolver.requireQuery(idQuery);
        Authorization authorization = access.requireRoleUnlessRun(caller, projectName, Role.VIEWER);
        SpecView view = reads.viewByExactId(projectName, idQuery)
                .orElseGet(() -> QuarkusTransaction.joiningExisting().call(
                        () -> blockers.view(finder.read(projects.require(projectName), idQuery))));
        Access.requireOwnSpecIfRun(authorization, projectName, view.spec().specId, "read");
        return view;
    }

    @Transactional
    public ShortIdResolver.Resolved resolve(String projectName, String idQuery, Principal caller) {
        Authorization authorization = access.requireRoleUnlessRun(caller, projectName, Role.VIEWER);
        ShortIdResolver.Resolved resolved = resolver.resolve(projects.require(projectName), idQuery);
        Access.requireOwnSpecIfRun(authorization, projectName, resolved.id(), "read");
        return resolved;
    }

    /** A page of the project's specs: plain queries outside any transaction. */
    public SpecPage list(String projectName, SpecFilter filter, int pageSize, String pageToken, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        return search.page(reads.project(projectName), filter, pageSize, pageToken);
    }

    /**
     * Applies {@code patch} if the spec still has {@code expectedVersion}; the row is locked from
     * the version check to the commit, so of two writers holding the same version exactly one wins.
     */
    @Transactional
    public SpecView update(String projectName, String idQuery, long expectedVersion, SpecPatch patch, Principal principal) {
        // A split run's runner makes its own spec a group.
        Authorization authorization = access.requireRoleUnlessRun(principal, projectName, Role.MEMBER);
        String caller = principal.actor();
        Project project = projects.require(projectName);
        if (expectedVersion <= 0) {
            throw new InvalidRequestException("expected_version is missing: pass the version you read (chant show prints it)");
        }
        if (patch.markdown() != null && patch.changesFields()) {
            throw new InvalidRequestException("markdown replaces the whole spec and cannot be combined with other fields");
        }
        Spec spec = finder.lock(project, idQuery);
        Access.requireOwnSpecIfRun(authorization, project.name, spec.specId, "edit");
        if (spec.version != expectedVersion) {
            throw new StaleVersionException(spec.specId, expectedVersion, spec.version);
        }
        SpecContent before = spec.content();
        SpecContent updated = patch.markdown() != null
                ? parseEdited(spec, patch.markdown())
                : applyFields(before, patch);
        updated = updated.toBuilder()
                .dependsOn(resolveAll(project, updated.dependsOn(), before.dependsOn(), "depends_on")).build();
        ApprovalGuard.requireUnchangedDecision(spec, before.approval(), updated.approval(), caller);
        SpecRules.requireValid(updated);
        cycles.requireNone(project, spec.specId, updated.dependsOn());
        // A status change is a transition like any other: the lifecycle rules decide it.
        SpecStatus requested = updated.status() == SpecStatus.BLOCKED ? SpecStatus.PENDING : updated.status();
        spec.setContent(updated.toBuilder().status(spec.status).build());
        spec.updatedAt = now();
        spec.flush();
        chant.spec.audit.SpecDiff diff = chant.spec.audit.SpecDiff.between(before, spec.content());
        if (!diff.isEmpty()) {
            events.append(spec, caller, diff.as(chant.spec.audit.EventKind.UPDATED));
        }
        if (requested != spec.status) {
            lifecycle.apply(spec, requested, patch.reason() == null || patch.reason().isBlank() ? "edited" : patch.reason(),
                    false, caller);
        }
        return blockers.view(spec);
    }

    @Transactional
    public String delete(String projectName, String idQuery, long expectedVersion, Principal principal) {
        access.requireRole(principal, projectName, Role.MEMBER);
        String caller = principal.actor();
        Project project = projects.require(projectName);
        Spec spec = finder.lock(project, idQuery);
        if (expectedVersion > 0 && spec.version != expectedVersion) {
            throw new StaleVersionException(spec.specId, expectedVersion, spec.version);
        }
        List<String> dependents = search.dependents(project, spec.specId);
        if (!dependents.isEmpty()) {
            throw new PreconditionFailedException("cannot delete " + spec.specId + ": "
                    + String.join(", ", dependents) + " depend on it; remove it from their depends_on first");
        }
        List<String> members = search.members(project, spec.specId);
        if (!members.isEmpty()) {
            throw new PreconditionFailedException("cannot delete driver " + spec.specId + " while it has members ("
                    + String.join(", ", members) + "); delete the members first");
        }
        events.append(spec, caller, chant.spec.audit.SpecDiff.of(spec.content()).as(chant.spec.audit.EventKind.DELETED));
        spec.delete();
        return spec.specId;
    }

    private SpecId nextMember(Project project, String driverQuery) {
        Spec driver;
        try {
            driver = finder.lock(project, driverQuery);
        } catch (NotFoundException e) {
            throw new NotFoundException("driver " + driverQuery + " not found: " + e.getMessage());
        }
        // The driver row stays locked until commit, so concurrent adds to one group get distinct numbers.
        int next = Math.max(driver.lastMember, search.lastMemberNumber(project, driver.specId)) + 1;
        driver.lastMember = next;
        return driver.id().member(next);
    }

    /**
     * Full IDs for the given (possibly short) IDs; unknown ones are an invalid request. Entries the
     * spec has already ({@code kept}) stay as they are: an import may have stored one that names no
     * spec of the project (deleted long ago in chant's history), and an edit that leaves it alone
     * must not be refused for it.
     */
    List<String> resolveAll(Project project, List<String> queries, List<String> kept, String field) {
        List<Problem> problems = new ArrayList<>();
        LinkedHashSet<String> resolved = new LinkedHashSet<>();
        for (String query : queries) {
            if (kept.contains(query)) {
                resolved.add(query);
                continue;
            }
            try {
                resolved.add(resolver.resolve(project, query).id());
            } catch (NotFoundException e) {
                problems.add(Problem.error(field, query, "unknown spec " + Shown.prefix(query)
                        + ": name an existing spec of project " + project.name));
            } catch (PreconditionFailedException e) {
                problems.add(Problem.error(field, query, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return List.copyOf(resolved);
    }

    private static SpecContent parseEdited(Spec spec, String markdown) {
        try {
            return SpecMarkdown.parse(markdown);
        } catch (SpecFormatException e) {
            throw new InvalidSpecException(e.problems().stream().map(p -> p.inFile(spec.specId + ".md")).toList());
        }
    }

    private static SpecContent applyFields(SpecContent current, SpecPatch patch) {
        SpecContent.Builder b = current.toBuilder();
        String body = current.body();
        if (patch.body() != null) {
            // A spec imported without a title keeps having none (it is titled by its ID).
            String text = patch.body();
            body = MarkdownBody.title(body).map(title -> MarkdownBody.newBody(title, text))
                    .orElse(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
        }
        if (patch.title() != null) {
            body = MarkdownBody.withTitle(body, requireTitle(patch.title()));
        }
        b.body(body);
        if (patch.type() != null) {
            b.type(patch.type());
        }
        if (patch.status() != null) {
            b.status(patch.status());
        }
        if (patch.labels() != null) {
            b.labels(patch.labels());
        }
        if (patch.dependsOn() != null) {
            b.dependsOn(patch.dependsOn());
        }
        if (patch.informedBy() != null) {
            b.informedBy(patch.informedBy());
        }
        if (patch.context() != null) {
            b.context(patch.context());
        }
        if (patch.targetFiles() != null) {
            b.targetFiles(patch.targetFiles());
        }
        if (patch.prompt() != null) {
            b.prompt(blankToNull(patch.prompt()));
        }
        if (patch.commits() != null) {
            b.commits(patch.commits());
        }
        if (patch.branch() != null) {
            b.branch(blankToNull(patch.branch()));
        }
        if (patch.completedAt() != null) {
            b.completedAt(blankToNull(patch.completedAt()));
        }
        if (patch.model() != null) {
            b.model(blankToNull(patch.model()));
        }
        if (patch.needsApproval() != null) {
            boolean required = current.approval() != null && current.approval().required();
            if (patch.needsApproval() != required) {
                b.approval(patch.needsApproval() ? Approval.pendingRequired() : null);
            }
        }
        return b.build();
    }

    private static String requireTitle(String title) {
        if (title == null || title.isBlank()) {
            throw new InvalidSpecException(List.of(Problem.error("title", "", "title is empty: give the spec a one-line title")));
        }
        if (title.contains("\n") || title.contains("\r")) {
            throw new InvalidSpecException(List.of(Problem.error("title", title, "title must be a single line")));
        }
        return title.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

}
