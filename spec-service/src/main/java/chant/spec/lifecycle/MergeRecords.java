package chant.spec.lifecycle;

import chant.spec.access.Access;
import chant.support.auth.Principal;
import chant.spec.audit.Change;
import chant.spec.audit.EventKind;
import chant.spec.audit.EventLog;
import chant.spec.content.SpecStatus;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.store.Blockers;
import chant.spec.store.Spec;
import chant.spec.store.SpecFinder;
import chant.spec.store.SpecView;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.PreconditionFailedException;
import chant.support.git.RefNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * Where a completed spec's branch went: merge-service records the commit that brought it into the
 * target branch. A spec is merged once; recording the same commit again changes nothing, so a
 * merge-service that crashed after merging may record it again.
 */
@ApplicationScoped
public class MergeRecords {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

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

    @Transactional
    public SpecView record(String projectName, String idQuery, String mergeCommit, String into, Principal caller) {
        access.of(caller).requireService(Access.MERGE_SERVICE);
        String actor = caller.actor();
        String commit = mergeCommit == null ? "" : mergeCommit.strip();
        if (!COMMIT.matcher(commit).matches()) {
            throw new InvalidRequestException("merge_commit '" + commit + "' is not a commit ID: give the full 40 (or 64)"
                    + " lower-case hex digits");
        }
        String branch = into == null ? "" : into.strip();
        RefNames.problem(branch).ifPresent(problem -> {
            throw new InvalidRequestException("into '" + branch + "' is not a branch name: " + problem);
        });
        Project project = projects.require(projectName);
        Spec spec = finder.lock(project, idQuery);
        if (commit.equals(spec.mergeCommit)) {
            return blockers.view(spec);
        }
        if (spec.mergeCommit != null) {
            throw new PreconditionFailedException("spec " + spec.specId + " was merged already, with commit "
                    + spec.mergeCommit + " into " + spec.mergedInto);
        }
        if (spec.status != SpecStatus.COMPLETED) {
            throw new PreconditionFailedException("spec " + spec.specId + " is " + spec.status.yamlName()
                    + ", not completed: only a completed spec's branch is merged");
        }
        spec.mergeCommit = commit;
        spec.mergedInto = branch;
        spec.mergedAt = OffsetDateTime.now(clock);
        spec.updatedAt = spec.mergedAt;
        events.append(spec, actor, Change.of(EventKind.MERGED, "", "merge_commit: " + commit + "\nmerged_into: " + branch));
        return blockers.view(spec);
    }
}
