package chant.merge.remote;

import chant.support.remote.RemoteException;
import chant.support.auth.Role;
import chant.support.failure.UnavailableException;
import chant.v1.ArchiveFilter;
import chant.v1.AuthServiceGrpc;
import chant.v1.ListMembersRequest;
import chant.v1.Member;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.GetProjectRequest;
import chant.v1.RenderSpecFilesRequest;
import chant.v1.GetSpecRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.ProjectServiceGrpc;
import chant.v1.RecordMergeRequest;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.TopologicalOrderRequest;
import chant.v1.TransitionSpecRequest;
import io.grpc.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * merge-service's calls to spec-service, in the domain's terms: the project's remote, the specs a
 * request selects and their order, a conflict's spec moved to needs_attention, and a merge
 * recorded on its spec, and the roles stored for a project. gRPC failures become
 * {@link RemoteException}s that say whether trying again later can help.
 *
 * <p>Every call carries merge-service's own token; the {@code caller} of a method is the requester of
 * the merge request it is for, passed on behalf of ({@code chant-on-behalf-of}) so that spec-service
 * records that person (null or empty: merge-service's own work).
 */
public final class SpecServiceClient {

    private final Channel channel;
    private final Duration deadline;
    private final Supplier<String> serviceToken;

    /** @param serviceToken merge-service's own token ({@link chant.support.auth.issuer.ServiceTokens}) */
    public SpecServiceClient(Channel channel, Duration deadline, Supplier<String> serviceToken) {
        this.channel = channel;
        this.deadline = deadline;
        this.serviceToken = serviceToken;
    }

    public ProjectInfo project(String project, String caller) {
        chant.v1.Project p = call("GetProject", () -> projects(caller).getProject(
                GetProjectRequest.newBuilder().setName(project).build())).getProject();
        return new ProjectInfo(p.getName(), p.getRepoUrl(), p.getDefaultBranch().isEmpty() ? "main" : p.getDefaultBranch(),
                p.getVerifyCommandList(), p.getVerifyTimeoutSeconds());
    }

    /** The spec with this full or short ID. */
    public SpecInfo spec(String project, String id, String caller) {
        return info(call("GetSpec", () -> specs(caller).getSpec(
                GetSpecRequest.newBuilder().setProject(project).setId(id).build())).getSpec());
    }

    /** Every completed (active) spec of the project, of those carrying {@code label} when it is not empty. */
    public List<SpecInfo> completed(String project, String label, String caller) {
        List<SpecInfo> found = new ArrayList<>();
        String token = "";
        do {
            ListSpecsRequest.Builder request = ListSpecsRequest.newBuilder().setProject(project)
                    .addStatuses(SpecStatus.SPEC_STATUS_COMPLETED).setPageSize(1000).setPageToken(token);
            if (!label.isEmpty()) {
                request.addLabels(label);
            }
            ListSpecsResponse page = call("ListSpecs", () -> specs(caller).listSpecs(request.build()));
            page.getSpecsList().forEach(s -> found.add(info(s)));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return found;
    }

    /** The specs in merge order: dependencies first, members before their driver (full IDs). */
    public List<String> order(String project, List<String> ids, String caller) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return call("TopologicalOrder", () -> lifecycle(caller).topologicalOrder(
                TopologicalOrderRequest.newBuilder().setProject(project).addAllIds(ids).build())).getIdsList();
    }

    /** Moves the spec to needs_attention, with why. */
    public void needsAttention(String project, String id, String reason, String caller) {
        call("TransitionSpec", () -> lifecycle(caller).transitionSpec(TransitionSpecRequest.newBuilder()
                .setProject(project).setId(id).setTo(SpecStatus.SPEC_STATUS_NEEDS_ATTENTION).setReason(reason).build()));
    }

    /** Records on the spec that its branch went into {@code into} as {@code mergeCommit}; repeating it is harmless. */
    public void recordMerge(String project, String id, String mergeCommit, String into, String caller) {
        call("RecordMerge", () -> lifecycle(caller).recordMerge(RecordMergeRequest.newBuilder()
                .setProject(project).setId(id).setMergeCommit(mergeCommit).setInto(into).build()));
    }

    /** The full IDs of the driver's members (any depth) that are not archived. */
    public List<String> openMembers(String project, String driver, String caller) {
        List<String> found = new ArrayList<>();
        String token = "";
        do {
            ListSpecsRequest request = ListSpecsRequest.newBuilder().setProject(project).setDriver(driver)
                    .setArchived(ArchiveFilter.ARCHIVE_FILTER_ACTIVE).setPageSize(1000).setPageToken(token).build();
            ListSpecsResponse page = call("ListSpecs", () -> specs(caller).listSpecs(request));
            page.getSpecsList().forEach(s -> found.add(s.getId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return found;
    }

    /** The specs' markdown as chant writes it, at the paths they have once archived into {@code folder}, in order. */
    public List<SpecFile> render(String project, List<String> ids, String folder, String caller) {
        return call("RenderSpecFiles", () -> specs(caller).renderSpecFiles(RenderSpecFilesRequest.newBuilder()
                .setProject(project).addAllIds(ids).setArchiveFolder(folder).build())).getFilesList().stream()
                .map(f -> new SpecFile(f.getSpecId(), f.getPath(), f.getContent().toStringUtf8())).toList();
    }

    /** Archives the spec into {@code folder}; repeating it is harmless. */
    public void archive(String project, String id, boolean force, String folder, String caller) {
        call("ArchiveSpecs", () -> lifecycle(caller).archiveSpecs(ArchiveSpecsRequest.newBuilder().setProject(project)
                .addIds(id).setForce(force).setFolder(folder).build()));
    }

    /**
     * The roles stored for the project's members (ListMembers, asked as merge-service itself), by
     * subject. A project spec-service does not know has none.
     *
     * @throws UnavailableException when spec-service cannot tell now (the caller's rights cannot be
     *                              checked: retry)
     */
    public Map<String, Role> storedRoles(String project) {
        List<Member> members;
        try {
            members = call("ListMembers", () -> AuthServiceGrpc.newBlockingStub(channel)
                    .withCallCredentials(RemoteAuth.credentials(serviceToken, null))
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .listMembers(ListMembersRequest.newBuilder().setProject(project).build())).getMembersList();
        } catch (RemoteException e) {
            if (e.code().equals("NOT_FOUND")) {
                return Map.of();
            }
            throw new UnavailableException("the roles stored for project " + project + " could not be read from"
                    + " spec-service (" + e.getMessage() + "), so the caller's rights cannot be checked; retry later");
        }
        Map<String, Role> roles = new HashMap<>();
        for (Member member : members) {
            Role role = switch (member.getRole()) {
                case PROJECT_ROLE_VIEWER -> Role.VIEWER;
                case PROJECT_ROLE_MEMBER -> Role.MEMBER;
                case PROJECT_ROLE_APPROVER -> Role.APPROVER;
                case PROJECT_ROLE_ADMIN -> Role.ADMIN;
                default -> null;
            };
            if (role != null) {
                roles.put(member.getSubject(), role);
            }
        }
        return roles;
    }

    static SpecInfo info(Spec s) {
        boolean required = s.hasApproval() && s.getApproval().getRequired();
        String approval = s.hasApproval() ? lower(s.getApproval().getStatus().name(), "APPROVAL_STATUS_") : "";
        return new SpecInfo(s.getId(), s.getTitle(), lower(s.getStatus().name(), "SPEC_STATUS_"), required, approval,
                s.getBranch(), s.getMergeCommit(), s.getMergedInto(), s.getArchived(), s.getArchiveFolder());
    }

    private static String lower(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()).toLowerCase(Locale.ROOT)
                : name.toLowerCase(Locale.ROOT);
    }

    private SpecServiceGrpc.SpecServiceBlockingStub specs(String caller) {
        return SpecServiceGrpc.newBlockingStub(channel).withCallCredentials(RemoteAuth.credentials(serviceToken, caller))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub lifecycle(String caller) {
        return SpecLifecycleServiceGrpc.newBlockingStub(channel).withCallCredentials(RemoteAuth.credentials(serviceToken, caller))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ProjectServiceGrpc.ProjectServiceBlockingStub projects(String caller) {
        return ProjectServiceGrpc.newBlockingStub(channel).withCallCredentials(RemoteAuth.credentials(serviceToken, caller))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T call(String rpc, Supplier<T> call) {
        return RemoteAuth.call(channel, "spec-service", rpc, call);
    }
}
