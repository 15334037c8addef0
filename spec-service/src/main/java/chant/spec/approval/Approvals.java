package chant.spec.approval;

import chant.spec.audit.Change;
import chant.spec.audit.EventKind;
import chant.spec.audit.EventLog;
import chant.support.failure.InvalidRequestException;
import chant.spec.access.Access;
import chant.support.auth.Authorization;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.failure.PreconditionFailedException;
import chant.spec.content.MarkdownBody;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.content.ApprovalStatus;
import chant.spec.specs.NewSpec;
import chant.spec.store.Blockers;
import chant.spec.store.Spec;
import chant.spec.store.SpecView;
import chant.spec.store.SpecFinder;
import chant.spec.content.SpecType;
import chant.spec.specs.Specs;
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
 * Approve and reject. The spec row is locked, so of an approve and a reject racing on one spec
 * exactly one decides; the other finds the decision made and is refused with ABORTED.
 */
@ApplicationScoped
public class Approvals {

    @Inject
    Projects projects;

    @Inject
    SpecFinder finder;

    @Inject
    Specs specs;

    @Inject
    EventLog events;

    @Inject
    Blockers blockers;

    @Inject
    Clock clock;

    @Inject
    Access access;

    /** A decided approval: the spec after it and the specs the rejection action created. */
    public record Outcome(SpecView spec, List<String> createdIds) {
    }

    @Transactional
    public Outcome approve(String projectName, String idQuery, String comment, Principal approver) {
        Authorization authorization = approverOf(projectName, approver);
        Project project = projects.require(projectName);
        Spec spec = decidable(project, idQuery, authorization, "approve");
        decide(spec, ApprovalStatus.APPROVED, approver.actor(), comment);
        return new Outcome(blockers.view(spec), List.of());
    }

    @Transactional
    public Outcome reject(String projectName, String idQuery, String reason, Principal caller) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("a rejection needs a reason (--reason): the author reads it to fix the spec");
        }
        Authorization authorization = approverOf(projectName, caller);
        Project project = projects.require(projectName);
        Spec spec = decidable(project, idQuery, authorization, "reject");
        String approver = caller.actor();
        decide(spec, ApprovalStatus.REJECTED, approver, reason);
        List<String> created = switch (project.rejectionAction) {
            case STOP -> List.of();
            case DEPENDENCY -> List.of(addFixUp(project, spec, reason, approver));
            case GROUP -> splitIntoMembers(project, spec, approver);
        };
        return new Outcome(blockers.view(spec), created);
    }

    /**
     * Asks for approval again after a decision: the approval goes back to pending (without who
     * and when) and an approver decides it anew.
     */
    @Transactional
    public SpecView requestApproval(String projectName, String idQuery, String comment, Principal caller) {
        access.requireRole(caller, projectName, Role.MEMBER);
        Project project = projects.require(projectName);
        Spec spec = finder.lock(project, idQuery);
        if (!Boolean.TRUE.equals(spec.approvalRequired)) {
            throw new PreconditionFailedException(spec.specId + " does not require approval; there is nothing to ask for");
        }
        if (spec.approvalStatus == null || spec.approvalStatus == ApprovalStatus.PENDING) {
            throw new PreconditionFailedException("approval of " + spec.specId
                    + " is pending already: an approver decides it with chant approve or chant reject");
        }
        String before = "approval: " + spec.approvalStatus.yamlName()
                + (spec.approvalBy == null ? "" : " by " + spec.approvalBy);
        spec.approvalStatus = ApprovalStatus.PENDING;
        spec.approvalBy = null;
        spec.approvalAt = null;
        spec.updatedAt = OffsetDateTime.now(clock);
        spec.flush();
        events.append(spec, caller.actor(), Change.of(EventKind.APPROVAL_REQUESTED, before, "approval: pending")
                .withReason(comment == null ? "" : comment.strip()));
        return blockers.view(spec);
    }

    /** Deciding needs the approver role in the project (a service never holds it). */
    private Authorization approverOf(String projectName, Principal caller) {
        Authorization authorization = access.of(caller);
        access.requireRole(caller, projectName, Role.APPROVER);
        return authorization;
    }

    private Spec decidable(Project project, String idQuery, Authorization approver, String verb) {
        Spec spec = finder.lock(project, idQuery);
        if (!Boolean.TRUE.equals(spec.approvalRequired)) {
            throw new PreconditionFailedException(spec.specId + " does not require approval; nothing to " + verb);
        }
        if (spec.approvalStatus != null && spec.approvalStatus != ApprovalStatus.PENDING) {
            throw new ApprovalDecidedException(spec.specId + " was already " + spec.approvalStatus.yamlName()
                    + (spec.approvalBy == null ? "" : " by " + spec.approvalBy)
                    + (spec.approvalAt == null ? "" : " at " + spec.approvalAt)
                    + "; read it again (chant show) before deciding, or ask for approval again (chant request-approval)");
        }
        // Subjects compared exactly: they are the tokens', not names a client chose.
        approver.requireNotAuthor(spec.createdBy, spec.specId);
        return spec;
    }

    private void decide(Spec spec, ApprovalStatus decision, String approver, String text) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String before = "approval: " + (spec.approvalStatus == null ? "pending" : spec.approvalStatus.yamlName());
        spec.approvalStatus = decision;
        spec.approvalBy = approver;
        spec.approvalAt = now.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("+00:00", "Z");
        spec.body = ApprovalDiscussion.append(spec.body, approver, now, decision.name(), text);
        spec.updatedAt = now;
        spec.flush();
        EventKind kind = decision == ApprovalStatus.APPROVED ? EventKind.APPROVED : EventKind.REJECTED;
        events.append(spec, approver, Change.of(kind, before, "approval: " + decision.yamlName() + " by " + approver)
                .withReason(text));
    }

    /** DEPENDENCY: a fix-up spec the rejected one now depends on. */
    private String addFixUp(Project project, Spec rejected, String reason, String approver) {
        String fixUpId = specs.create(new NewSpec(project.name, "Address review of " + rejected.specId + ": " + rejected.title,
                "The approval of " + rejected.specId + " was rejected by " + approver + ":\n\n> " + reason.strip()
                        + "\n\n## Acceptance Criteria\n\n- [ ] The reviewer's concerns are addressed\n",
                SpecType.TASK, rejected.labels, List.of(), List.of(), List.of(), List.of(), null, null, false, null, null),
                approver).spec().specId;
        List<String> dependsOn = new ArrayList<>(rejected.dependsOn);
        dependsOn.add(fixUpId);
        String before = "depends_on: " + rejected.dependsOn;
        rejected.dependsOn = dependsOn;
        rejected.flush();
        events.append(rejected, approver, Change.of(EventKind.UPDATED, before, "depends_on: " + dependsOn)
                .withReason("rejection action: dependency"));
        return fixUpId;
    }

    /** GROUP: the rejected spec becomes a group with one member per acceptance criterion. */
    private List<String> splitIntoMembers(Project project, Spec rejected, String approver) {
        List<MarkdownBody.Criterion> criteria = MarkdownBody.criterionItems(rejected.body);
        if (criteria.isEmpty()) {
            return List.of();
        }
        String before = "type: " + rejected.type.yamlName();
        rejected.type = SpecType.GROUP;
        rejected.flush();
        events.append(rejected, approver, Change.of(EventKind.UPDATED, before, "type: group")
                .withReason("rejection action: group"));
        List<String> created = new ArrayList<>();
        for (MarkdownBody.Criterion criterion : criteria) {
            String title = criterion.text().isBlank() ? "Criterion of " + rejected.specId : criterion.text();
            String memberId = specs.create(new NewSpec(project.name, title,
                    "Part of " + rejected.specId + " (" + rejected.title + ").\n\n## Acceptance Criteria\n\n- [ ] "
                            + title + "\n",
                    SpecType.CODE, rejected.labels, List.of(), List.of(), List.of(), rejected.targetFiles, null, null,
                    false, rejected.specId, null), approver).spec().specId;
            created.add(memberId);
        }
        Panache.getEntityManager().flush();
        return created;
    }
}
