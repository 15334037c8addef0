package chant.agent.remote;

import chant.support.remote.RemoteException;
import chant.support.remote.Reconnect;
import chant.agent.work.NewMember;
import chant.agent.work.SpecEnd;
import chant.agent.work.SpecResult;
import chant.agent.work.WorkSpec;
import chant.client.auth.BearerCredentials;
import chant.v1.GetBlockersRequest;
import chant.v1.GetBlockersResponse;
import chant.v1.GetProjectRequest;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.ProjectServiceGrpc;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.StringList;
import chant.v1.TransitionSpecRequest;
import chant.v1.ResetSpecRequest;
import chant.v1.UpdateSpecRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * agent-service's calls to spec-service, in the domain's terms: whether a spec may run, the spec
 * and project a run works on, moving the spec when work starts, and the result when it ends.
 * gRPC failures become {@link RemoteException}s that say whether trying again later can help.
 *
 * <p>Every call carries a bearer token (docs/auth.md): agent-service sends its own service token and
 * names the end user it acts for (the {@code caller} of each method: who enqueued the run), so that
 * spec-service records that person; a runner sends its run's token, which may touch only its own
 * spec, and names nobody (a run token cannot act for anyone).
 */
public final class SpecServiceClient {

    private final Channel channel;
    private final Duration deadline;
    private final Supplier<String> token;
    private final boolean actsForUsers;

    private SpecServiceClient(Channel channel, Duration deadline, Supplier<String> token, boolean actsForUsers) {
        this.channel = channel;
        this.deadline = deadline;
        this.token = token;
        this.actsForUsers = actsForUsers;
    }

    /** agent-service's client: its own token ({@code serviceToken}), on behalf of each call's caller. */
    public static SpecServiceClient asService(Channel channel, Duration deadline, Supplier<String> serviceToken) {
        return new SpecServiceClient(channel, deadline, serviceToken, true);
    }

    /** A runner's client: its run's token; the callers the methods name are not passed on. */
    public static SpecServiceClient asRun(Channel channel, Duration deadline, Supplier<String> runToken) {
        return new SpecServiceClient(channel, deadline, runToken, false);
    }

    /** Why the spec may not be worked now; empty when it may (ready, approved if required, not done). */
    public java.util.Optional<String> refusalToStart(String project, String specId, String caller) {
        GetBlockersResponse blockers = call("GetBlockers", () -> lifecycle(caller).getBlockers(
                GetBlockersRequest.newBuilder().setProject(project).setId(specId).build()));
        if (blockers.getReady()) {
            return java.util.Optional.empty();
        }
        GetSpecResponse spec = call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(project).setId(specId).build()));
        String status = statusName(spec.getSpec().getStatus());
        if (blockers.getBlockersCount() == 0 && spec.getSpec().getStatus() == SpecStatus.SPEC_STATUS_PAUSED) {
            // A paused run's spec continues: paused -> in_progress is a transition of the status table.
            return java.util.Optional.empty();
        }
        if (blockers.getBlockersCount() == 0) {
            return java.util.Optional.of("spec " + blockers.getId() + " is " + status + ", not ready to work"
                    + (status.equals("in_progress") ? " (another run works it, or reset it with chant reset)" : ""));
        }
        return java.util.Optional.of("spec " + blockers.getId() + " is not ready: " + blockers.getBlockersList().stream()
                .map(chant.v1.Blocker::getDescription).collect(Collectors.joining("; ")));
    }

    /**
     * Why the spec may not be split now; empty when it may: it is pending, not a group or driver, and has no
     * members yet.
     */
    public java.util.Optional<String> refusalToSplit(String project, String specId, String caller) {
        chant.v1.Spec spec = call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(project).setId(specId).build())).getSpec();
        String status = statusName(spec.getStatus());
        if (spec.getStatus() != SpecStatus.SPEC_STATUS_PENDING) {
            return java.util.Optional.of("spec " + spec.getId() + " is " + status + ": only a pending spec is split");
        }
        // Members are the specs whose driver it is (archived ones too), and those its frontmatter lists.
        java.util.LinkedHashSet<String> members = new java.util.LinkedHashSet<>(spec.getMembersList());
        call("ListSpecs", () -> specs(caller).listSpecs(chant.v1.ListSpecsRequest.newBuilder().setProject(project)
                .setDriver(spec.getId()).setArchived(chant.v1.ArchiveFilter.ARCHIVE_FILTER_ALL).setPageSize(100).build()))
                .getSpecsList().forEach(member -> members.add(member.getId()));
        if (!members.isEmpty()) {
            return java.util.Optional.of("spec " + spec.getId() + " is split already: it has members "
                    + String.join(", ", members));
        }
        if (spec.getType() == chant.v1.SpecType.SPEC_TYPE_GROUP || spec.getType() == chant.v1.SpecType.SPEC_TYPE_DRIVER) {
            return java.util.Optional.of("spec " + spec.getId() + " is a " + spec.getType().name().substring(10)
                    .toLowerCase(Locale.ROOT) + " already: only a spec that is no group is split");
        }
        return java.util.Optional.empty();
    }

    /**
     * Why the spec's merge conflict may not be resolved now; empty when it may: its work is done (needs_attention,
     * as merge-service leaves a conflicting spec, or completed) and it has a branch.
     */
    public java.util.Optional<String> refusalToResolve(String project, String specId, String caller) {
        chant.v1.Spec spec = call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(project).setId(specId).build())).getSpec();
        if (spec.getStatus() != SpecStatus.SPEC_STATUS_NEEDS_ATTENTION
                && spec.getStatus() != SpecStatus.SPEC_STATUS_COMPLETED) {
            return java.util.Optional.of("spec " + spec.getId() + " is " + statusName(spec.getStatus()) + ": a merge"
                    + " conflict is resolved only on a spec whose work is done (completed, or needs_attention after a"
                    + " conflict); finish its work first (chant work)");
        }
        if (spec.getBranch().isEmpty()) {
            return java.util.Optional.of("spec " + spec.getId() + " has no branch: there is nothing to rebase; work it"
                    + " first (chant work) so that its branch is pushed");
        }
        return java.util.Optional.empty();
    }

    /**
     * Moves a spec that needs attention to in_progress for merge-conflict run {@code runId} (its end completes it or
     * leaves it needing attention again); a completed spec, or one in progress already, is left as it is.
     */
    public void startResolving(String project, String specId, long runId, String target, String caller) {
        chant.v1.Spec spec = call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(project).setId(specId).build())).getSpec();
        if (spec.getStatus() != SpecStatus.SPEC_STATUS_NEEDS_ATTENTION) {
            return;
        }
        call("TransitionSpec", () -> lifecycle(caller).transitionSpec(TransitionSpecRequest.newBuilder()
                .setProject(project).setId(specId).setTo(SpecStatus.SPEC_STATUS_IN_PROGRESS)
                .setReason("run " + runId + " started: resolving the merge conflicts with " + target)
                .setExpectedVersion(spec.getVersion()).build()));
    }

    /** The full ID of a (possibly short) spec ID. */
    public String fullId(String project, String specId, String caller) {
        return call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(project).setId(specId).build())).getSpec().getId();
    }

    /** The project's default timeout of a run's attempt in seconds; 0 when it leaves it to agent-service. */
    public int runTimeoutSeconds(String project, String caller) {
        return call("GetProject", () -> projects(caller).getProject(
                GetProjectRequest.newBuilder().setName(project).build())).getProject().getRunTimeoutSeconds();
    }

    /** The spec and its project as a run needs them. */
    public WorkSpec load(String project, String specId, String caller) {
        return load(project(project, caller), specId, caller);
    }

    /** A project's settings that a run needs before its spec (where the repository is, its branches). */
    public record WorkProject(String name, String repoUrl, String defaultBranch, String branchPrefix, String defaultPrompt) {
    }

    public WorkProject project(String project, String caller) {
        chant.v1.Project p = call("GetProject", () -> projects(caller).getProject(
                GetProjectRequest.newBuilder().setName(project).build())).getProject();
        return new WorkProject(p.getName(), p.getRepoUrl(), p.getDefaultBranch(), p.getBranchPrefix(), p.getDefaultPrompt());
    }

    /** The spec of {@code project} (read before with {@link #project}) as a run needs it. */
    public WorkSpec load(WorkProject p, String specId, String caller) {
        GetSpecResponse response = call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(p.name()).setId(specId).setIncludeMarkdown(true).build()));
        chant.v1.Spec s = response.getSpec();
        return new WorkSpec(p.name(), p.repoUrl(), p.defaultBranch(), p.branchPrefix(), p.defaultPrompt(),
                s.getId(), s.getTitle(), s.getBody(), response.getMarkdown(), s.getVersion(), statusName(s.getStatus()),
                s.getPrompt(), s.getModel(), s.getTargetFilesList(), s.getContextList(), s.getInformedByList());
    }

    /** Moves the spec to in_progress for run {@code runId}; a spec already in progress is left so. */
    public void start(String project, String specId, long runId, String caller) {
        chant.v1.Spec spec = call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(project).setId(specId).build())).getSpec();
        if (spec.getStatus() == SpecStatus.SPEC_STATUS_IN_PROGRESS) {
            return;
        }
        call("TransitionSpec", () -> lifecycle(caller).transitionSpec(TransitionSpecRequest.newBuilder()
                .setProject(project).setId(specId).setTo(SpecStatus.SPEC_STATUS_IN_PROGRESS)
                .setReason("run " + runId + " started").setExpectedVersion(spec.getVersion()).build()));
    }

    /**
     * Delivers a run's result to its spec in one update (body, commits, branch, model, status with
     * the reason). A spec that is no longer in progress (someone reset or cancelled it meanwhile)
     * keeps its status; the work is still recorded. Returns the status the spec has afterwards.
     */
    public String deliver(SpecResult result, String caller) {
        chant.v1.Spec spec = call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(result.project()).setId(result.specId()).build())).getSpec();
        String reason = result.reason().isEmpty() ? "run " + result.runId() : "run " + result.runId() + ": " + result.reason();
        if (result.end() == SpecEnd.PENDING) {
            // The run never worked: in_progress -> pending is no transition of the table, so it is a reset.
            if (spec.getStatus() != SpecStatus.SPEC_STATUS_IN_PROGRESS) {
                return statusName(spec.getStatus());
            }
            return statusName(call("ResetSpec", () -> lifecycle(caller).resetSpec(ResetSpecRequest.newBuilder()
                    .setProject(result.project()).setId(result.specId()).setReason(reason).build())).getSpec().getStatus());
        }
        UpdateSpecRequest.Builder update = UpdateSpecRequest.newBuilder()
                .setProject(result.project()).setId(result.specId()).setExpectedVersion(spec.getVersion())
                .setCommits(StringList.newBuilder().addAllValues(result.replaceCommits() ? result.commits()
                        : merged(spec.getCommitsList(), result.commits())));
        if (result.body() != null) {
            update.setBody(result.body());
        }
        if (!result.branch().isEmpty()) {
            update.setBranch(result.branch());
        }
        if (!result.model().isEmpty()) {
            update.setModel(result.model());
        }
        if (spec.getStatus() == SpecStatus.SPEC_STATUS_IN_PROGRESS) {
            update.setStatus(switch (result.end()) {
                case COMPLETED -> SpecStatus.SPEC_STATUS_COMPLETED;
                case FAILED -> SpecStatus.SPEC_STATUS_FAILED;
                case NEEDS_ATTENTION -> SpecStatus.SPEC_STATUS_NEEDS_ATTENTION;
                case PAUSED -> SpecStatus.SPEC_STATUS_PAUSED;
                case PENDING -> throw new IllegalStateException("handled above");
            }).setReason(reason);
            if (result.end() == SpecEnd.COMPLETED && !result.completedAt().isEmpty()) {
                update.setCompletedAt(result.completedAt());
            }
        }
        return statusName(call("UpdateSpec", () -> specs(caller).updateSpec(update.build())).getSpec().getStatus());
    }

    /**
     * Creates a member of a split (spec-service numbers it {@code <driver>.N}); a repeated request ID
     * returns the member created the first time. Returns its full ID and title.
     */
    public Created createMember(NewMember member, String caller) {
        chant.v1.Spec spec = call("CreateSpec", () -> specs(caller).createSpec(chant.v1.CreateSpecRequest.newBuilder()
                .setProject(member.project()).setDriver(member.driver()).setTitle(member.title()).setBody(member.body())
                .addAllTargetFiles(member.targetFiles()).addAllDependsOn(member.dependsOn())
                .setRequestId(member.requestId()).build())).getSpec();
        return new Created(spec.getId(), spec.getTitle());
    }

    /** A spec spec-service created. */
    public record Created(String id, String title) {
    }

    /**
     * Makes the spec a group (its members are its work now); one that is a group already stays so.
     * Retried on a lost race (someone changed the spec meanwhile), with the version read afresh.
     */
    public void makeGroup(String project, String specId, String caller) {
        for (int tries = 1; ; tries++) {
            chant.v1.Spec spec = call("GetSpec", () -> specs(caller).getSpec(
                    GetSpecRequest.newBuilder().setProject(project).setId(specId).build())).getSpec();
            if (spec.getType() == chant.v1.SpecType.SPEC_TYPE_GROUP) {
                return;
            }
            try {
                specs(caller).updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(specId)
                        .setExpectedVersion(spec.getVersion()).setType(chant.v1.SpecType.SPEC_TYPE_GROUP).build());
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ABORTED || tries >= 5) {
                    Reconnect.soon(channel, e.getStatus());
                    throw RemoteException.of("spec-service", "UpdateSpec", e.getStatus());
                }
            }
        }
    }

    /** The spec's commits followed by the run's new ones, each once. */
    private static List<String> merged(List<String> stored, List<String> added) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(stored);
        all.addAll(added);
        return List.copyOf(all);
    }

    static String statusName(SpecStatus status) {
        return status.name().substring("SPEC_STATUS_".length()).toLowerCase(Locale.ROOT);
    }

    private SpecServiceGrpc.SpecServiceBlockingStub specs(String caller) {
        return SpecServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials(caller))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub lifecycle(String caller) {
        return SpecLifecycleServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials(caller))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ProjectServiceGrpc.ProjectServiceBlockingStub projects(String caller) {
        return ProjectServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials(caller))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This client's token, with the end user {@code caller} when it acts for users and one is named. */
    private BearerCredentials credentials(String caller) {
        BearerCredentials credentials = BearerCredentials.from(token);
        return actsForUsers && caller != null && !caller.isBlank() ? credentials.onBehalfOf(caller) : credentials;
    }

    private <T> T call(String rpc, java.util.function.Supplier<T> call) {
        return chant.support.remote.RemoteCalls.call(channel, "spec-service", rpc, call);
    }
}
