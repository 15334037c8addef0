package chant.agent.testing;

import chant.v1.Blocker;
import chant.v1.GetBlockersRequest;
import chant.v1.GetBlockersResponse;
import chant.v1.GetProjectRequest;
import chant.v1.GetProjectResponse;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.TransitionSpecRequest;
import chant.v1.TransitionSpecResponse;
import chant.v1.UpdateSpecRequest;
import chant.v1.UpdateSpecResponse;
import chant.support.auth.Principal;
import chant.support.auth.PrincipalKind;
import chant.support.auth.RunScope;
import chant.support.auth.grpc.AuthInterceptor;
import chant.support.auth.grpc.CurrentPrincipal;
import chant.support.testing.TestTokens;
import chant.v1.AuthServiceGrpc;
import chant.v1.CreateRunTokenRequest;
import chant.v1.CreateRunTokenResponse;
import chant.v1.ListMembersRequest;
import chant.v1.ListMembersResponse;
import chant.v1.Member;
import chant.v1.ProjectRole;
import io.grpc.Grpc;
import io.grpc.ServerInterceptors;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * spec-service as agent-service's tests need it: a real gRPC server on a loopback port speaking
 * the chant.v1 contract, holding specs in memory. A spec nobody scripted is pending and ready (so
 * queue tests can name any spec); tests script what they check (a spec that waits, one that may
 * not complete, an outage) and read what agent-service asked for. The real spec-service stands in
 * the system tests.
 *
 * <p>Authentication is on as in spec-service: every call needs a token of the tests' issuer
 * ({@code TestTokens.shared()}, checked by the real {@link AuthInterceptor}), and only two callers are
 * served: agent-service with its own service token (on behalf of the user it names, if any), and a
 * runner with its run's token, for that run's spec (and its members) in that run's project. Anyone
 * else is PERMISSION_DENIED, so every test checks that agent-service and its runners call with the
 * right token. {@code AuthService} mints run tokens ({@code CreateRunToken}, agent-service's only)
 * and lists the members the tests script.
 */
public final class ScriptedSpecService implements AutoCloseable {

    private final Map<String, Spec> specs = new ConcurrentHashMap<>();
    private final Map<String, String> waitingFor = new ConcurrentHashMap<>();
    private final Map<String, String> mayNotComplete = new ConcurrentHashMap<>();
    private final Map<String, String> mayNotStart = new ConcurrentHashMap<>();
    private final Map<String, String> repositories = new ConcurrentHashMap<>();
    private final java.util.Map<String, Integer> runTimeouts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<UpdateSpecRequest> updates = new CopyOnWriteArrayList<>();
    private final List<TransitionSpecRequest> transitions = new CopyOnWriteArrayList<>();
    private final List<chant.v1.ResetSpecRequest> resets = new CopyOnWriteArrayList<>();
    private final Map<String, Spec> createdByRequest = new ConcurrentHashMap<>();
    /** The driver of each member created with one, by project/ID. */
    private final Map<String, String> drivers = new ConcurrentHashMap<>();
    private final List<chant.v1.CreateSpecRequest> creates = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger failingUpdates = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean down;
    private final Server server;
    /** One call that passed authentication: its RPC, what it was about, and the caller as {@link Principal#describe()} says it. */
    public record Call(String rpc, String project, String specId, String caller) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, ProjectRole>> members = new ConcurrentHashMap<>();
    private final List<CreateRunTokenRequest> runTokenRequests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger listMembersCalls = new java.util.concurrent.atomic.AtomicInteger();

    public ScriptedSpecService() throws IOException {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(new Specs(), new AuthInterceptor(TestTokens.shared().verifier())))
                .addService(ServerInterceptors.intercept(new Lifecycle(), new AuthInterceptor(TestTokens.shared().verifier())))
                .addService(ServerInterceptors.intercept(new Projects(), new AuthInterceptor(TestTokens.shared().verifier())))
                .addService(ServerInterceptors.intercept(new Auth(), new AuthInterceptor(TestTokens.shared().verifier())))
                .build().start();
    }

    /** Stores {@code role} for {@code subject} in {@code project}, as {@code chant project members --set} would. */
    public void setMember(String project, String subject, ProjectRole role) {
        members.computeIfAbsent(project, p -> new ConcurrentHashMap<>()).put(subject, role);
    }

    /** Every call so far (callers like {@code service agent-service (for alice)}, {@code the runner of run 7}). */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls about {@code project}. */
    public List<Call> callsAbout(String project) {
        return calls.stream().filter(call -> call.project().equals(project)).toList();
    }

    /** The CreateRunToken requests so far. */
    public List<CreateRunTokenRequest> runTokenRequests() {
        return List.copyOf(runTokenRequests);
    }

    public int listMembersCalls() {
        return listMembersCalls.get();
    }

    /**
     * Whether the call's principal may make call {@code rpc} about {@code specId} (empty: the project
     * only) of {@code project}: agent-service's own token, or the token of a run on that spec (or on
     * the driver of that member). Answers PERMISSION_DENIED and returns false otherwise.
     */
    private boolean refused(StreamObserver<?> observer, String rpc, String project, String specId) {
        Principal principal = CurrentPrincipal.get();
        calls.add(new Call(rpc, project, specId, principal.describe()));
        if (principal.kind() == PrincipalKind.SERVICE && principal.subject().equals("agent-service")) {
            return false;
        }
        if (principal.runScope().isPresent()) {
            RunScope scope = principal.runScope().get();
            boolean itsSpec = specId.isEmpty() || specId.equals(scope.specId())
                    || specId.startsWith(scope.specId() + ".");
            if (scope.project().equals(project) && itsSpec) {
                return false;
            }
        }
        observer.onError(Status.PERMISSION_DENIED.withDescription("the scripted spec-service serves agent-service and"
                + " the runners of its specs only, not " + principal.describe() + " for " + project + "/" + specId)
                .asRuntimeException());
        return true;
    }

    public int port() {
        return server.getPort();
    }

    /** Every call answers UNAVAILABLE while down, as an unreachable spec-service would. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** The spec waits (GetBlockers: not ready, with this description). */
    public void waitsFor(String project, String specId, String description) {
        waitingFor.put(key(project, specId), description);
    }

    /** Starting the spec (TransitionSpec to in_progress) is refused with FAILED_PRECONDITION and this message. */
    public void refuseStart(String project, String specId, String message) {
        mayNotStart.put(key(project, specId), message);
    }

    /** Completing the spec is refused with FAILED_PRECONDITION and this message. */
    public void refuseCompletion(String project, String specId, String message) {
        mayNotComplete.put(key(project, specId), message);
    }

    /** The project's default run timeout (GetProject's run_timeout_seconds). */
    public void setRunTimeout(String project, int seconds) {
        runTimeouts.put(project, seconds);
    }

    /** The project's repository (GetProject's repo_url). */
    public void setRepository(String project, String url) {
        repositories.put(project, url);
    }

    /** The spec's type (a group or driver cannot be split). */
    public void setType(String project, String specId, chant.v1.SpecType type) {
        Spec spec = spec(project, specId);
        specs.put(key(project, specId), spec.toBuilder().setType(type).setVersion(spec.getVersion() + 1).build());
    }

    /** The spec's context and informed_by paths. */
    public void setContext(String project, String specId, List<String> context, List<String> informedBy) {
        Spec spec = spec(project, specId);
        specs.put(key(project, specId), spec.toBuilder().clearContext().addAllContext(context).clearInformedBy()
                .addAllInformedBy(informedBy).setVersion(spec.getVersion() + 1).build());
    }

    /** Replaces the spec's body. */
    public void setBody(String project, String specId, String body) {
        Spec spec = spec(project, specId);
        specs.put(key(project, specId), spec.toBuilder().setBody(body).setVersion(spec.getVersion() + 1).build());
    }

    /** The spec's branch and commits, as a run that pushed its work leaves them. */
    public void setBranch(String project, String specId, String branch, List<String> commits) {
        Spec spec = spec(project, specId);
        specs.put(key(project, specId), spec.toBuilder().setBranch(branch).clearCommits().addAllCommits(commits)
                .setVersion(spec.getVersion() + 1).build());
    }

    /** Sets the spec's status, as a person changing it in spec-service would. */
    public void setStatus(String project, String specId, SpecStatus status) {
        Spec spec = spec(project, specId);
        specs.put(key(project, specId), spec.toBuilder().setStatus(status).setVersion(spec.getVersion() + 1).build());
    }

    public Spec spec(String project, String specId) {
        return specs.computeIfAbsent(key(project, specId), k -> Spec.newBuilder().setProject(project).setId(specId)
                .setTitle("Spec " + specId).setStatus(SpecStatus.SPEC_STATUS_PENDING).setVersion(1).build());
    }

    /** The next {@code count} UpdateSpec calls answer UNAVAILABLE, as a spec-service that went away would. */
    public void failNextUpdates(int count) {
        failingUpdates.set(count);
    }

    /** Every CreateSpec call, repeated ones included. */
    public List<chant.v1.CreateSpecRequest> creates() {
        return List.copyOf(creates);
    }

    /** The members created with {@code driver} as their driver, in order. */
    public List<String> membersOf(String project, String driver) {
        return drivers.entrySet().stream().filter(e -> e.getKey().startsWith(project + "/") && e.getValue().equals(driver))
                .map(e -> e.getKey().substring(project.length() + 1))
                .sorted(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(id.lastIndexOf('.') + 1))))
                .toList();
    }

    /** The specs stored in the project (created and scripted ones). */
    public List<Spec> specsOf(String project) {
        return specs.values().stream().filter(spec -> spec.getProject().equals(project))
                .sorted(java.util.Comparator.comparing(Spec::getId)).toList();
    }

    public List<UpdateSpecRequest> updates() {
        return List.copyOf(updates);
    }

    public List<TransitionSpecRequest> transitions() {
        return List.copyOf(transitions);
    }

    public List<chant.v1.ResetSpecRequest> resets() {
        return List.copyOf(resets);
    }

    private static String key(String project, String specId) {
        return project + "/" + specId;
    }

    private boolean unavailable(StreamObserver<?> observer) {
        if (down) {
            observer.onError(Status.UNAVAILABLE.withDescription("scripted outage").asRuntimeException());
            return true;
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Specs extends SpecServiceGrpc.SpecServiceImplBase {

        /** The specs whose driver is {@code driver} (at any depth), in ID order; only the driver filter is served. */
        @Override
        public void listSpecs(chant.v1.ListSpecsRequest r, StreamObserver<chant.v1.ListSpecsResponse> observer) {
            if (unavailable(observer) || refused(observer, "ListSpecs", r.getProject(), r.getDriver())) {
                return;
            }
            chant.v1.ListSpecsResponse.Builder page = chant.v1.ListSpecsResponse.newBuilder();
            specsOf(r.getProject()).stream().filter(spec -> !r.getDriver().isEmpty()
                    && spec.getId().startsWith(r.getDriver() + ".")).forEach(page::addSpecs);
            observer.onNext(page.setTotalCount(page.getSpecsCount()).build());
            observer.onCompleted();
        }

        @Override
        public void getSpec(GetSpecRequest r, StreamObserver<GetSpecResponse> observer) {
            if (unavailable(observer) || refused(observer, "GetSpec", r.getProject(), r.getId())) {
                return;
            }
            Spec spec = spec(r.getProject(), r.getId());
            GetSpecResponse.Builder response = GetSpecResponse.newBuilder().setSpec(spec);
            if (r.getIncludeMarkdown()) {
                response.setMarkdown("---\ntype: code\nstatus: " + spec.getStatus().name().substring(12).toLowerCase()
                        + "\n---\n# " + spec.getTitle() + "\n\n" + spec.getBody());
            }
            observer.onNext(response.build());
            observer.onCompleted();
        }

        /**
         * A member (driver given) becomes {@code <driver>.N} and is added to the driver's members; a request ID
         * seen before returns the spec it created, as spec-service does.
         */
        @Override
        public synchronized void createSpec(chant.v1.CreateSpecRequest r,
                StreamObserver<chant.v1.CreateSpecResponse> observer) {
            if (unavailable(observer) || refused(observer, "CreateSpec", r.getProject(), r.getDriver().isEmpty() ? "(new spec)" : r.getDriver() + ".new")) {
                return;
            }
            creates.add(r);
            String requestKey = key(r.getProject(), r.getRequestId());
            Spec earlier = r.getRequestId().isEmpty() ? null : createdByRequest.get(requestKey);
            if (earlier != null) {
                observer.onNext(chant.v1.CreateSpecResponse.newBuilder().setSpec(earlier).build());
                observer.onCompleted();
                return;
            }
            if (r.getTitle().isBlank()) {
                observer.onError(Status.INVALID_ARGUMENT.withDescription("title is required").asRuntimeException());
                return;
            }
            String id = r.getDriver().isEmpty() ? "created-" + creates.size()
                    : r.getDriver() + "." + (membersOf(r.getProject(), r.getDriver()).size() + 1);
            Spec created = Spec.newBuilder().setProject(r.getProject()).setId(id).setTitle(r.getTitle())
                    .setBody(r.getBody()).addAllTargetFiles(r.getTargetFilesList()).addAllDependsOn(r.getDependsOnList())
                    .setStatus(SpecStatus.SPEC_STATUS_PENDING).setVersion(1).build();
            specs.put(key(r.getProject(), id), created);
            if (!r.getDriver().isEmpty()) {
                // As in spec-service, a member is known by its driver, not listed in the driver's fields.
                drivers.put(key(r.getProject(), id), r.getDriver());
            }
            if (!r.getRequestId().isEmpty()) {
                createdByRequest.put(requestKey, created);
            }
            observer.onNext(chant.v1.CreateSpecResponse.newBuilder().setSpec(created).build());
            observer.onCompleted();
        }

        @Override
        public void updateSpec(UpdateSpecRequest r, StreamObserver<UpdateSpecResponse> observer) {
            if (unavailable(observer) || refused(observer, "UpdateSpec", r.getProject(), r.getId())) {
                return;
            }
            if (failingUpdates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                observer.onError(Status.UNAVAILABLE.withDescription("scripted failure of UpdateSpec").asRuntimeException());
                return;
            }
            Spec spec = spec(r.getProject(), r.getId());
            if (r.getExpectedVersion() != spec.getVersion()) {
                observer.onError(Status.ABORTED.withDescription("version " + spec.getVersion()).asRuntimeException());
                return;
            }
            String refusal = mayNotComplete.get(key(r.getProject(), r.getId()));
            if (refusal != null && r.getStatus() == SpecStatus.SPEC_STATUS_COMPLETED) {
                observer.onError(Status.FAILED_PRECONDITION.withDescription(refusal).asRuntimeException());
                return;
            }
            Spec.Builder b = spec.toBuilder().setVersion(spec.getVersion() + 1);
            if (r.hasBody()) {
                b.setBody(r.getBody());
            }
            if (r.hasCommits()) {
                b.clearCommits().addAllCommits(r.getCommits().getValuesList());
            }
            if (r.hasBranch()) {
                b.setBranch(r.getBranch());
            }
            if (r.getStatus() != SpecStatus.SPEC_STATUS_UNSPECIFIED) {
                b.setStatus(r.getStatus());
            }
            if (r.getType() != chant.v1.SpecType.SPEC_TYPE_UNSPECIFIED) {
                b.setType(r.getType());
            }
            Spec updated = b.build();
            specs.put(key(r.getProject(), r.getId()), updated);
            updates.add(r);
            observer.onNext(UpdateSpecResponse.newBuilder().setSpec(updated).build());
            observer.onCompleted();
        }
    }

    private final class Lifecycle extends SpecLifecycleServiceGrpc.SpecLifecycleServiceImplBase {
        @Override
        public void getBlockers(GetBlockersRequest r, StreamObserver<GetBlockersResponse> observer) {
            if (unavailable(observer) || refused(observer, "GetBlockers", r.getProject(), r.getId())) {
                return;
            }
            Spec spec = spec(r.getProject(), r.getId());
            String waits = waitingFor.get(key(r.getProject(), r.getId()));
            GetBlockersResponse.Builder response = GetBlockersResponse.newBuilder().setId(spec.getId());
            if (waits != null) {
                response.addBlockers(Blocker.newBuilder().setDescription(waits));
            }
            boolean workable = spec.getStatus() == SpecStatus.SPEC_STATUS_PENDING
                    || spec.getStatus() == SpecStatus.SPEC_STATUS_FAILED;
            observer.onNext(response.setReady(workable && waits == null).build());
            observer.onCompleted();
        }

        /** Every spec of the project, with the driver of each member (members are not in a spec's own fields). */
        @Override
        public void getDependencyGraph(chant.v1.GetDependencyGraphRequest r,
                StreamObserver<chant.v1.GetDependencyGraphResponse> observer) {
            if (unavailable(observer) || refused(observer, "GetDependencyGraph", r.getProject(), "")) {
                return;
            }
            chant.v1.GetDependencyGraphResponse.Builder graph = chant.v1.GetDependencyGraphResponse.newBuilder();
            for (Spec spec : specsOf(r.getProject())) {
                graph.addNodes(chant.v1.GraphNode.newBuilder().setId(spec.getId()).setTitle(spec.getTitle())
                        .setStatus(spec.getStatus()).addAllDependsOn(spec.getDependsOnList())
                        .setDriver(drivers.getOrDefault(key(r.getProject(), spec.getId()), "")));
            }
            observer.onNext(graph.build());
            observer.onCompleted();
        }

        @Override
        public void transitionSpec(TransitionSpecRequest r, StreamObserver<TransitionSpecResponse> observer) {
            if (unavailable(observer) || refused(observer, "TransitionSpec", r.getProject(), r.getId())) {
                return;
            }
            String refusal = mayNotStart.get(key(r.getProject(), r.getId()));
            if (refusal != null && r.getTo() == SpecStatus.SPEC_STATUS_IN_PROGRESS) {
                observer.onError(Status.FAILED_PRECONDITION.withDescription(refusal).asRuntimeException());
                return;
            }
            Spec spec = spec(r.getProject(), r.getId());
            Spec moved = spec.toBuilder().setStatus(r.getTo()).setVersion(spec.getVersion() + 1).build();
            specs.put(key(r.getProject(), r.getId()), moved);
            transitions.add(r);
            observer.onNext(TransitionSpecResponse.newBuilder().setSpec(moved).build());
            observer.onCompleted();
        }

        @Override
        public void resetSpec(chant.v1.ResetSpecRequest r, StreamObserver<chant.v1.ResetSpecResponse> observer) {
            if (unavailable(observer) || refused(observer, "ResetSpec", r.getProject(), r.getId())) {
                return;
            }
            Spec spec = spec(r.getProject(), r.getId());
            if (spec.getStatus() == SpecStatus.SPEC_STATUS_PENDING) {
                observer.onError(Status.FAILED_PRECONDITION.withDescription("already pending").asRuntimeException());
                return;
            }
            Spec reset = spec.toBuilder().setStatus(SpecStatus.SPEC_STATUS_PENDING).setVersion(spec.getVersion() + 1).build();
            specs.put(key(r.getProject(), r.getId()), reset);
            resets.add(r);
            observer.onNext(chant.v1.ResetSpecResponse.newBuilder().setSpec(reset).build());
            observer.onCompleted();
        }
    }

    private final class Projects extends ProjectServiceGrpc.ProjectServiceImplBase {
        @Override
        public void getProject(GetProjectRequest r, StreamObserver<GetProjectResponse> observer) {
            if (unavailable(observer) || refused(observer, "GetProject", r.getName(), "")) {
                return;
            }
            observer.onNext(GetProjectResponse.newBuilder().setProject(Project.newBuilder().setName(r.getName())
                    .setRepoUrl(repositories.getOrDefault(r.getName(), ""))
                    .setRunTimeoutSeconds(runTimeouts.getOrDefault(r.getName(), 0)).setDefaultBranch("main").setBranchPrefix("chant/").setDefaultPrompt("standard")).build());
            observer.onCompleted();
        }
    }

    /** AuthService as agent-service uses it: run tokens for agent-service alone, and the scripted members. */
    private final class Auth extends AuthServiceGrpc.AuthServiceImplBase {
        @Override
        public void createRunToken(CreateRunTokenRequest r, StreamObserver<CreateRunTokenResponse> observer) {
            if (unavailable(observer)) {
                return;
            }
            Principal principal = CurrentPrincipal.get();
            calls.add(new Call("CreateRunToken", r.getProject(), r.getSpecId(), principal.describe()));
            if (principal.kind() != PrincipalKind.SERVICE || !principal.subject().equals("agent-service")) {
                observer.onError(Status.PERMISSION_DENIED.withDescription("only agent-service may call this: "
                        + principal.describe() + " may not").asRuntimeException());
                return;
            }
            if (r.getTtlSeconds() <= 0 || r.getTtlSeconds() > 90_000) {
                observer.onError(Status.INVALID_ARGUMENT.withDescription("ttl_seconds " + r.getTtlSeconds()
                        + " is out of range: use 1 to 86400").asRuntimeException());
                return;
            }
            runTokenRequests.add(r);
            observer.onNext(CreateRunTokenResponse.newBuilder()
                    .setToken(TestTokens.shared().run(r.getRunId(), r.getProject(), r.getSpecId())).build());
            observer.onCompleted();
        }

        @Override
        public void listMembers(ListMembersRequest r, StreamObserver<ListMembersResponse> observer) {
            if (unavailable(observer) || refused(observer, "ListMembers", r.getProject(), "")) {
                return;
            }
            listMembersCalls.incrementAndGet();
            ListMembersResponse.Builder response = ListMembersResponse.newBuilder();
            members.getOrDefault(r.getProject(), Map.of()).forEach((subject, role) -> response.addMembers(
                    Member.newBuilder().setSubject(subject).setRole(role).setGrantedBy("tester")));
            observer.onNext(response.build());
            observer.onCompleted();
        }
    }
}
