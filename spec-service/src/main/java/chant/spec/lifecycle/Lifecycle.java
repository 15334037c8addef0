package chant.spec.lifecycle;

import chant.spec.access.Access;
import chant.support.auth.Authorization;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.spec.audit.Change;
import chant.spec.audit.EventLog;
import chant.spec.store.Blocker;
import chant.spec.store.Blockers;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.PreconditionFailedException;
import chant.spec.store.StaleVersionException;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.store.Spec;
import chant.spec.store.SpecView;
import chant.spec.store.SpecFinder;
import chant.spec.content.SpecStatus;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves specs through their statuses. Every status change of every path (the transition RPC,
 * edits, cancel, reset, approval) goes through {@link #apply}, which asks {@link StatusMachine}
 * and records the transition as an audit event; a group's driver follows its members here.
 */
@ApplicationScoped
public class Lifecycle {

    @Inject
    Access access;

    @Inject
    Projects projects;

    @Inject
    SpecFinder finder;

    @Inject
    Blockers blockers;

    @Inject
    EventLog events;

    @Inject
    Clock clock;

    /** The result of a transition request: the spec after it, and every transition made. */
    public record Result(SpecView spec, List<Transition> transitions) {
    }

    @Transactional
    public Result transition(String projectName, String idQuery, SpecStatus to, String reason, boolean force,
            long expectedVersion, Principal caller) {
        // A runner moves its own spec (in progress when it starts); everyone else needs member.
        Authorization authorization = access.requireRoleUnlessRun(caller, projectName, Role.MEMBER);
        String actor = caller.actor();
        if (to == null) {
            throw new InvalidRequestException("the target status is missing: name one of " + SpecStatus.allowedValues());
        }
        if (force && (reason == null || reason.isBlank())) {
            throw new InvalidRequestException("a forced transition needs a reason (--reason): it is recorded with the transition");
        }
        Project project = projects.require(projectName);
        Spec spec = finder.lock(project, idQuery);
        Access.requireOwnSpecIfRun(authorization, project.name, spec.specId, "transition");
        if (expectedVersion > 0 && spec.version != expectedVersion) {
            throw new StaleVersionException(spec.specId, expectedVersion, spec.version);
        }
        List<Transition> made = apply(spec, to, reason, force, actor);
        return new Result(blockers.view(spec), made);
    }

    /**
     * Changes a locked spec's status if the transition table and its preconditions allow it,
     * records it, and lets the spec's driver follow. Returns the transitions made.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Transition> apply(Spec spec, SpecStatus to, String reason, boolean force, String actor) {
        Decision decision = StatusMachine.decide(new TransitionRequest(to, force, reason),
                facts(spec));
        if (!decision.allowed()) {
            throw new PreconditionFailedException(spec.specId + " cannot go from " + spec.status.yamlName() + " to "
                    + to.yamlName() + ": " + String.join("; ", decision.unmetConditions()));
        }
        List<Transition> made = new ArrayList<>();
        made.add(move(spec, to, decision.forced(), reason, actor, false));
        made.addAll(followMembers(spec, to));
        return made;
    }

    /** What the preconditions of a transition look at. */
    private SpecFacts facts(Spec spec) {
        List<String> unmet = blockers.of(spec).stream()
                .filter(b -> b.kind() != Blocker.Kind.APPROVAL)
                .map(Blocker::description).toList();
        List<String> openMembers = openMembers(spec);
        var criteria = chant.spec.content.MarkdownBody.criteria(spec.body);
        return new SpecFacts(spec.status, unmet, spec.content().approval(), criteria.total(),
                criteria.checked(), openMembers, !spec.commits.isEmpty());
    }

    private Transition move(Spec spec, SpecStatus to, boolean forced, String reason, String actor, boolean automatic) {
        SpecStatus from = spec.status;
        spec.status = to;
        if (to == SpecStatus.COMPLETED && spec.completedAt == null) {
            spec.completedAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("+00:00", "Z");
        }
        spec.updatedAt = OffsetDateTime.now(clock);
        spec.flush();
        events.append(spec, automatic ? EventLog.PLATFORM : actor, Change.transition(from, to, forced, reason));
        return new Transition(spec.specId, from, to, forced, automatic);
    }

    /**
     * A driver starts when a first member starts, and completes when its last member is
     * completed or cancelled. The driver row is locked, so of several members finishing at once
     * exactly one sees the group done and completes the driver.
     */
    private List<Transition> followMembers(Spec member, SpecStatus to) {
        if (member.driverId == null) {
            return List.of();
        }
        Spec driver;
        try {
            driver = finder.lockFullId(member.project, member.driverId);
        } catch (chant.support.failure.NotFoundException e) {
            return List.of();
        }
        List<Transition> made = new ArrayList<>();
        if (to == SpecStatus.IN_PROGRESS && (driver.status == SpecStatus.PENDING || driver.status == SpecStatus.BLOCKED)) {
            made.add(move(driver, SpecStatus.IN_PROGRESS, false, "a first member started: " + member.specId,
                    EventLog.PLATFORM, true));
            made.addAll(followMembers(driver, SpecStatus.IN_PROGRESS));
        }
        if ((to == SpecStatus.COMPLETED || to == SpecStatus.CANCELLED) && openMembers(driver).isEmpty()
                && driver.status != SpecStatus.COMPLETED && driver.status != SpecStatus.CANCELLED) {
            if (driver.status != SpecStatus.IN_PROGRESS && StatusMachine.allows(driver.status, SpecStatus.IN_PROGRESS)) {
                made.add(move(driver, SpecStatus.IN_PROGRESS, false, "its members are done", EventLog.PLATFORM, true));
            }
            if (StatusMachine.allows(driver.status, SpecStatus.COMPLETED)) {
                made.add(move(driver, SpecStatus.COMPLETED, false, "every member is completed or cancelled",
                        EventLog.PLATFORM, true));
                made.addAll(followMembers(driver, SpecStatus.COMPLETED));
            }
        }
        return made;
    }

    /** The spec's members that are neither completed nor cancelled, as "id (status)". */
    @SuppressWarnings("unchecked")
    List<String> openMembers(Spec spec) {
        Panache.getEntityManager().flush();
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT spec_id, status FROM spec WHERE project_id = :p AND driver_id = :d
                AND status NOT IN ('COMPLETED', 'CANCELLED') ORDER BY sort_key""")
                .setParameter("p", spec.project.id)
                .setParameter("d", spec.specId)
                .getResultList();
        return rows.stream().map(r -> r[0] + " (" + ((String) r[1]).toLowerCase() + ")").toList();
    }
}
