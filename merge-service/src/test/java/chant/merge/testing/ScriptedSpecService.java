package chant.merge.testing;

import chant.v1.Approval;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.ArchiveSpecsResponse;
import chant.v1.AuthServiceGrpc;
import chant.v1.ListMembersRequest;
import chant.v1.ListMembersResponse;
import chant.v1.Member;
import chant.v1.ProjectRole;
import chant.support.auth.Role;
import chant.v1.RenderSpecFilesRequest;
import chant.v1.RenderSpecFilesResponse;
import chant.v1.SpecFile;
import chant.v1.ApprovalStatus;
import chant.v1.GetProjectRequest;
import chant.v1.GetProjectResponse;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.RecordMergeRequest;
import chant.v1.RecordMergeResponse;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.TopologicalOrderRequest;
import chant.v1.TopologicalOrderResponse;
import chant.v1.TransitionSpecRequest;
import chant.v1.TransitionSpecResponse;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * spec-service as merge-service's tests need it, until the real RecordMerge lands: a real gRPC
 * server on a loopback port speaking the chant.v1 contract from a small in-memory board (projects
 * with their repository, specs with status, labels, dependencies, approval, branch and merge
 * commit, archived). It answers GetProject, GetSpec, ListSpecs (labels, statuses, driver, archive
 * filter), RenderSpecFiles, TopologicalOrder, TransitionSpec, RecordMerge, ArchiveSpecs and
 * ListMembers (the roles granted with {@link #grant}) as the contract says, and records the
 * transitions, merges and archives it was asked for. Every call must carry a valid token of the
 * service identity merge-service; who made each call, and for whom, is in {@link #calls}.
 */
public final class ScriptedSpecService implements AutoCloseable {

    private final Map<String, Spec> specs = new ConcurrentHashMap<>();
    private final Map<String, String> repositories = new ConcurrentHashMap<>();
    private final Map<String, List<String>> verifyCommands = new ConcurrentHashMap<>();
    private final Map<String, Integer> verifyTimeouts = new ConcurrentHashMap<>();
    private final List<TransitionSpecRequest> transitions = new CopyOnWriteArrayList<>();
    private final List<RecordMergeRequest> merges = new CopyOnWriteArrayList<>();
    private final List<ArchiveSpecsRequest> archives = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Role>> grants = new ConcurrentHashMap<>();
    private final ServiceCalls calls = new ServiceCalls();
    private volatile boolean down;
    private volatile boolean recordMergeDown;
    private final Server server;

    public ScriptedSpecService() throws IOException {
        io.grpc.ServerBuilder<?> builder = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new Specs())
                .addService(new Lifecycle())
                .addService(new Projects())
                .addService(new Members());
        calls.install(builder);
        server = builder.build().start();
    }

    public int port() {
        return server.getPort();
    }

    /** Every call answers UNAVAILABLE while down, as an unreachable spec-service would. */
    public void setDown(boolean down) {
        this.down = down;
    }


    /** RecordMerge alone answers UNAVAILABLE while set: merges stay unrecorded, everything else works. */
    public void setRecordMergeDown(boolean recordMergeDown) {
        this.recordMergeDown = recordMergeDown;
    }

    /** A role stored for {@code subject} in {@code project} (what spec-service's SetMember stores). */
    public void grant(String project, String subject, Role role) {
        grants.computeIfAbsent(project, p -> new ConcurrentHashMap<>()).put(subject, role);
    }

    /** Every call is refused UNAUTHENTICATED while set, as when merge-service's token is no longer accepted. */
    public void refuseCredentials(boolean refuse) {
        calls.refuseCredentials(refuse);
    }

    /** How many calls were refused for their credentials. */
    public int refusedCalls() {
        return calls.refused();
    }

    /** The calls made for the project's requests, with who made them and for whom. */
    public List<ServiceCalls.Call> calls(String project) {
        return calls.of(project);
    }

    /** A project with this repository (default branch main, branch prefix chant/). */
    public void project(String project, String repoUrl) {
        repositories.put(project, repoUrl);
    }

    /** The project's verify gate (GetProject's verify_command and verify_timeout_seconds); an empty command for none. */
    public void verifyGate(String project, List<String> command, int timeoutSeconds) {
        verifyCommands.put(project, List.copyOf(command));
        verifyTimeouts.put(project, timeoutSeconds);
    }

    /** A completed spec whose work is on {@code branch}. */
    public Spec completed(String project, String id, String branch, String... labels) {
        return put(Spec.newBuilder().setProject(project).setId(id).setTitle("Spec " + id)
                .setStatus(SpecStatus.SPEC_STATUS_COMPLETED).setBranch(branch).addAllLabels(List.of(labels))
                .setVersion(1).build());
    }

    /** Stores (replaces) a spec as given. */
    public Spec put(Spec spec) {
        specs.put(key(spec.getProject(), spec.getId()), spec);
        return spec;
    }

    /** Changes a stored spec. */
    public Spec change(String project, String id, java.util.function.UnaryOperator<Spec.Builder> change) {
        Spec spec = spec(project, id);
        return put(change.apply(spec.toBuilder()).setVersion(spec.getVersion() + 1).build());
    }

    /** A spec that requires approval, with this decision. */
    public Spec approval(String project, String id, ApprovalStatus status) {
        return change(project, id, b -> b.setApproval(Approval.newBuilder().setRequired(true).setStatus(status)));
    }

    public Spec spec(String project, String id) {
        Spec spec = specs.get(key(project, id));
        if (spec == null) {
            throw new IllegalArgumentException("no spec " + id);
        }
        return spec;
    }

    public List<TransitionSpecRequest> transitions() {
        return List.copyOf(transitions);
    }

    public List<RecordMergeRequest> merges() {
        return List.copyOf(merges);
    }

    /** The ArchiveSpecs calls that archived (or found archived) their specs, in order. */
    public List<ArchiveSpecsRequest> archives() {
        return List.copyOf(archives);
    }

    /** A spec as RenderSpecFiles writes it: its markdown in chant's format (a small, fixed shape here). */
    public static String markdown(Spec spec) {
        return "---\ntype: code\nstatus: " + spec.getStatus().name().substring("SPEC_STATUS_".length()).toLowerCase()
                + "\n---\n\n# " + spec.getTitle() + "\n";
    }

    /** Forgets every spec and what was asked (between tests). */
    public void clear() {
        specs.clear();
        transitions.clear();
        merges.clear();
        archives.clear();
        grants.clear();
        calls.clear();
        down = false;
        recordMergeDown = false;
    }

    private static String key(String project, String id) {
        return project + "/" + id;
    }

    private boolean unavailable(StreamObserver<?> observer) {
        if (down) {
            observer.onError(Status.UNAVAILABLE.withDescription("scripted outage").asRuntimeException());
            return true;
        }
        return false;
    }

    private Spec find(String project, String id, StreamObserver<?> observer) {
        Spec spec = specs.get(key(project, id));
        if (spec == null) {
            observer.onError(Status.NOT_FOUND.withDescription("spec " + id + " does not exist in project " + project)
                    .asRuntimeException());
        }
        return spec;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Specs extends SpecServiceGrpc.SpecServiceImplBase {
        @Override
        public void renderSpecFiles(RenderSpecFilesRequest r, StreamObserver<RenderSpecFilesResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            RenderSpecFilesResponse.Builder response = RenderSpecFilesResponse.newBuilder();
            for (String id : new LinkedHashSet<>(r.getIdsList())) {
                Spec spec = find(r.getProject(), id, observer);
                if (spec == null) {
                    return;
                }
                String path = r.getArchiveFolder().isEmpty() ? "specs/" + id + ".md"
                        : "archive/" + r.getArchiveFolder() + "/" + id + ".md";
                response.addFiles(SpecFile.newBuilder().setSpecId(id).setPath(path)
                        .setContent(com.google.protobuf.ByteString.copyFromUtf8(markdown(spec))));
            }
            observer.onNext(response.build());
            observer.onCompleted();
        }

        @Override
        public void getSpec(GetSpecRequest r, StreamObserver<GetSpecResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            Spec spec = find(r.getProject(), r.getId(), observer);
            if (spec != null) {
                observer.onNext(GetSpecResponse.newBuilder().setSpec(spec).build());
                observer.onCompleted();
            }
        }

        @Override
        public void listSpecs(ListSpecsRequest r, StreamObserver<ListSpecsResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            TreeMap<String, Spec> sorted = new TreeMap<>();
            specs.values().stream().filter(s -> s.getProject().equals(r.getProject()))
                    .filter(s -> r.getStatusesCount() == 0 || r.getStatusesList().contains(s.getStatus()))
                    .filter(s -> r.getLabelsCount() == 0 || s.getLabelsList().stream().anyMatch(r.getLabelsList()::contains))
                    .filter(s -> r.getDriver().isEmpty() || s.getId().startsWith(r.getDriver() + "."))
                    .filter(s -> switch (r.getArchived()) {
                        case ARCHIVE_FILTER_ALL -> true;
                        case ARCHIVE_FILTER_ARCHIVED -> s.getArchived();
                        default -> !s.getArchived();
                    })
                    .forEach(s -> sorted.put(s.getId(), s));
            observer.onNext(ListSpecsResponse.newBuilder().addAllSpecs(sorted.values()).build());
            observer.onCompleted();
        }
    }

    private final class Lifecycle extends SpecLifecycleServiceGrpc.SpecLifecycleServiceImplBase {
        /** As spec-service's ArchiveSpecs, for the checks merge-service relies on: all or nothing, idempotent. */
        @Override
        public void archiveSpecs(ArchiveSpecsRequest r, StreamObserver<ArchiveSpecsResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            List<Spec> found = new ArrayList<>();
            for (String id : r.getIdsList()) {
                Spec spec = find(r.getProject(), id, observer);
                if (spec == null) {
                    return;
                }
                found.add(spec);
            }
            for (Spec spec : found) {
                if (spec.getArchived()) {
                    continue;
                }
                boolean cancelled = spec.getStatus() == SpecStatus.SPEC_STATUS_CANCELLED;
                String refusal = cancelled && !r.getForce() ? "is cancelled"
                        : spec.getStatus() != SpecStatus.SPEC_STATUS_COMPLETED && !cancelled ? "is not completed"
                        : !cancelled && !spec.getBranch().isEmpty() && spec.getMergeCommit().isEmpty() ? "is not merged"
                        : null;
                if (refusal != null) {
                    observer.onError(Status.FAILED_PRECONDITION.withDescription("nothing was archived: " + spec.getId()
                            + " " + refusal).asRuntimeException());
                    return;
                }
            }
            List<Spec> archived = new ArrayList<>();
            for (Spec spec : found) {
                archived.add(spec.getArchived() ? spec : put(spec.toBuilder().setArchived(true)
                        .setArchiveFolder(r.getFolder()).setVersion(spec.getVersion() + 1).build()));
            }
            archives.add(r);
            observer.onNext(ArchiveSpecsResponse.newBuilder().addAllSpecs(archived).build());
            observer.onCompleted();
        }

        @Override
        public void topologicalOrder(TopologicalOrderRequest r, StreamObserver<TopologicalOrderResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            List<String> asked = new ArrayList<>(r.getIdsList());
            asked.sort(null);
            Set<String> ordered = new LinkedHashSet<>();
            for (String id : asked) {
                if (find(r.getProject(), id, observer) == null) {
                    return;
                }
                visit(r.getProject(), id, Set.copyOf(asked), ordered);
            }
            observer.onNext(TopologicalOrderResponse.newBuilder().addAllIds(ordered).build());
            observer.onCompleted();
        }

        /** Dependencies first, then members (IDs under the driver's), then the spec. */
        private void visit(String project, String id, Set<String> asked, Set<String> ordered) {
            if (ordered.contains(id)) {
                return;
            }
            Spec spec = spec(project, id);
            spec.getDependsOnList().stream().filter(asked::contains).sorted()
                    .forEach(d -> visit(project, d, asked, ordered));
            asked.stream().filter(m -> m.startsWith(id + ".")).sorted().forEach(m -> visit(project, m, asked, ordered));
            ordered.add(id);
        }

        @Override
        public void transitionSpec(TransitionSpecRequest r, StreamObserver<TransitionSpecResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            Spec spec = find(r.getProject(), r.getId(), observer);
            if (spec == null) {
                return;
            }
            Spec moved = put(spec.toBuilder().setStatus(r.getTo()).setVersion(spec.getVersion() + 1).build());
            transitions.add(r);
            observer.onNext(TransitionSpecResponse.newBuilder().setSpec(moved).build());
            observer.onCompleted();
        }

        @Override
        public void recordMerge(RecordMergeRequest r, StreamObserver<RecordMergeResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            if (recordMergeDown) {
                observer.onError(Status.UNAVAILABLE.withDescription("scripted outage of RecordMerge")
                        .asRuntimeException());
                return;
            }
            Spec spec = find(r.getProject(), r.getId(), observer);
            if (spec == null) {
                return;
            }
            if (spec.getStatus() != SpecStatus.SPEC_STATUS_COMPLETED) {
                observer.onError(Status.FAILED_PRECONDITION.withDescription("spec " + r.getId() + " is not completed")
                        .asRuntimeException());
                return;
            }
            if (!r.getMergeCommit().matches("[0-9a-f]{40}")) {
                observer.onError(Status.INVALID_ARGUMENT.withDescription("merge_commit is not a commit ID")
                        .asRuntimeException());
                return;
            }
            if (!spec.getMergeCommit().isEmpty() && !spec.getMergeCommit().equals(r.getMergeCommit())) {
                observer.onError(Status.FAILED_PRECONDITION.withDescription("spec " + r.getId()
                        + " was merged as " + spec.getMergeCommit() + " already").asRuntimeException());
                return;
            }
            Spec merged = spec;
            if (spec.getMergeCommit().isEmpty()) {
                merged = put(spec.toBuilder().setMergeCommit(r.getMergeCommit()).setMergedInto(r.getInto())
                        .setVersion(spec.getVersion() + 1).build());
            }
            merges.add(r);
            observer.onNext(RecordMergeResponse.newBuilder().setSpec(merged).build());
            observer.onCompleted();
        }
    }

    private final class Members extends AuthServiceGrpc.AuthServiceImplBase {
        @Override
        public void listMembers(ListMembersRequest r, StreamObserver<ListMembersResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            ListMembersResponse.Builder response = ListMembersResponse.newBuilder();
            new TreeMap<>(grants.getOrDefault(r.getProject(), Map.of())).forEach((subject, role) -> response.addMembers(
                    Member.newBuilder().setSubject(subject).setRole(ProjectRole.valueOf("PROJECT_ROLE_" + role.name()))
                            .setGrantedBy("admin")));
            observer.onNext(response.build());
            observer.onCompleted();
        }
    }

    private final class Projects extends ProjectServiceGrpc.ProjectServiceImplBase {
        @Override
        public void getProject(GetProjectRequest r, StreamObserver<GetProjectResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            String repo = repositories.get(r.getName());
            if (repo == null) {
                observer.onError(Status.NOT_FOUND.withDescription("project " + r.getName() + " does not exist")
                        .asRuntimeException());
                return;
            }
            observer.onNext(GetProjectResponse.newBuilder().setProject(Project.newBuilder().setName(r.getName())
                    .setRepoUrl(repo).setDefaultBranch("main").setBranchPrefix("chant/")
                    .addAllVerifyCommand(verifyCommands.getOrDefault(r.getName(), List.of()))
                    .setVerifyTimeoutSeconds(verifyTimeouts.getOrDefault(r.getName(), 0))).build());
            observer.onCompleted();
        }
    }
}
