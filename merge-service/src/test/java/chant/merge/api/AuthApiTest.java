package chant.merge.api;

import static chant.support.testing.GrpcAssertions.assertStatus;
import static chant.support.testing.GrpcAssertions.withToken;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.queue.QueueDispatcher;
import chant.merge.testing.ServiceCalls;
import chant.support.auth.PrincipalKind;
import chant.support.auth.Role;
import chant.support.testing.TestTokens;
import chant.v1.GetMergeRequest;
import chant.v1.ListMergesRequest;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeServiceGrpc;
import chant.v1.MergeStatus;
import chant.v1.SubmitArchiveRequest;
import chant.v1.SubmitMergeRequest;
import chant.v1.WatchMergeRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication and rights of merge-service through its public gRPC API (docs/auth.md): every call
 * needs a valid bearer token; submitting needs the member role in the project, reading the viewer
 * role, from the token or from a grant stored in spec-service (ListMembers). Each refusal is checked
 * to leave everything as it was: no merge request, the target unmoved, spec-service asked nothing
 * about the specs. merge-service calls spec-service with its own token, on behalf of the requester.
 */
@QuarkusTest
class AuthApiTest extends MergeApiTestBase {

    private final TestTokens tokens = TestTokens.shared();

    @TestHTTPResource
    URL url;

    @Inject
    QueueDispatcher dispatcher;

    /** A stub on a channel of its own: it sends no token unless given one. */
    private ManagedChannel channel;
    private MergeServiceGrpc.MergeServiceBlockingStub bare;

    @BeforeEach
    void bareChannel() {
        channel = NettyChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        bare = MergeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        channel.shutdownNow();
        dispatcher.resume();
    }

    /** What a refused call must leave as it was. */
    private record State(List<Long> requests, String main, List<String> specCalls, int recorded, int moved) {
    }

    private State state() {
        return new State(merges.listMerges(ListMergesRequest.newBuilder().setProject(project).build()).getMergesList()
                .stream().map(MergeRequest::getId).toList(),
                remote.branch("main"),
                specs.calls(project).stream().map(ServiceCalls.Call::rpc).filter(rpc -> !rpc.equals("ListMembers"))
                        .toList(),
                (int) specs.merges().stream().filter(m -> m.getProject().equals(project)).count(),
                (int) specs.transitions().stream().filter(t -> t.getProject().equals(project)).count());
    }

    /** A request the tests may try to read: a dry run, ended at once (no queue works on it meanwhile). */
    private long existingRequest() {
        finished("e1", "e.txt", "e\n");
        return merges.submitMerge(submit("e1").setDryRun(true).setRequestId("first").build()).getMerge().getId();
    }

    private MergeRequest awaitEnd(long id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MergeStatus s = get(id).getStatus();
            return s == MergeStatus.MERGE_STATUS_DONE || s == MergeStatus.MERGE_STATUS_STOPPED;
        });
        return get(id);
    }

    @Test
    void aCallWithoutAValidTokenIsUnauthenticatedAndChangesNothing() {
        long existing = existingRequest();
        finished("a1", "a.txt", "a\n");
        State before = state();
        SubmitMergeRequest submit = submit("a1").build();

        String none = assertStatus(Status.Code.UNAUTHENTICATED, () -> bare.submitMerge(submit));
        assertTrue(none.contains("needs a bearer token"), none);
        assertStatus(Status.Code.UNAUTHENTICATED, () -> bare.submitArchive(SubmitArchiveRequest.newBuilder()
                .setProject(project).addSpecIds("a1").build()));
        assertStatus(Status.Code.UNAUTHENTICATED, () -> bare.getMerge(GetMergeRequest.newBuilder()
                .setMergeId(existing).build()));
        assertStatus(Status.Code.UNAUTHENTICATED, () -> bare.listMerges(ListMergesRequest.getDefaultInstance()));
        assertStatus(Status.Code.UNAUTHENTICATED, () -> bare.watchMerge(WatchMergeRequest.newBuilder()
                .setMergeId(existing).build()).hasNext());

        for (TestTokens.RefusedToken token : tokens.refused("mallory")) {
            String message = assertStatus(Status.Code.UNAUTHENTICATED, () -> withToken(bare, token.token()).submitMerge(submit));
            assertTrue(message.contains(token.refusalSays()), token.what() + ": " + message);
            assertFalse(message.contains(token.claims()), "the refusal never repeats the token");
            assertStatus(Status.Code.UNAUTHENTICATED, () -> withToken(bare, token.token()).getMerge(GetMergeRequest.newBuilder()
                    .setMergeId(existing).build()));
        }

        assertEquals(before, state(), "nothing stored, nothing merged, spec-service asked nothing");
    }

    @Test
    void aTokenForAnotherProjectNeitherSubmitsNorReads() {
        long existing = existingRequest();
        finished("p1", "p.txt", "p\n");
        State before = state();
        var carol = withToken(stub, tokens.user("carol", Map.of("elsewhere-" + project, Role.ADMIN)));

        String denied = assertStatus(Status.Code.PERMISSION_DENIED, () -> carol.submitMerge(submit("p1").build()));
        assertTrue(denied.contains("member role in project '" + project + "'") && denied.contains("user carol"), denied);
        // Not even a request ID of the project's tells it anything.
        assertStatus(Status.Code.PERMISSION_DENIED, () -> carol.submitMerge(submit("e1").setRequestId("first").build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> carol.submitArchive(SubmitArchiveRequest.newBuilder()
                .setProject(project).addSpecIds("p1").build()));
        String read = assertStatus(Status.Code.PERMISSION_DENIED, () -> carol.getMerge(GetMergeRequest.newBuilder()
                .setMergeId(existing).build()));
        assertTrue(read.contains("viewer role in project '" + project + "'"), read);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> carol.listMerges(ListMergesRequest.newBuilder()
                .setProject(project).build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> carol.watchMerge(WatchMergeRequest.newBuilder()
                .setMergeId(existing).build()).hasNext());
        assertFalse(carol.listMerges(ListMergesRequest.getDefaultInstance()).getMergesList().stream()
                .anyMatch(m -> m.getProject().equals(project)), "a list across projects leaves out the ones it may not see");

        assertEquals(before, state(), "nothing stored, nothing merged, spec-service asked nothing about the specs");
    }

    @Test
    void aViewerReadsButCannotAskForAMerge() {
        long existing = existingRequest();
        finished("v1", "v.txt", "v\n");
        State before = state();
        var vic = withToken(stub, tokens.user("vic", Map.of(project, Role.VIEWER)));

        String denied = assertStatus(Status.Code.PERMISSION_DENIED, () -> vic.submitMerge(submit("v1").build()));
        assertTrue(denied.contains("member role in project '" + project + "'") && denied.contains("holds only viewer"),
                denied);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> vic.submitArchive(SubmitArchiveRequest.newBuilder()
                .setProject(project).addSpecIds("v1").build()));
        assertEquals(before, state(), "nothing stored, nothing merged, spec-service asked nothing about the specs");

        assertEquals(existing, vic.getMerge(GetMergeRequest.newBuilder().setMergeId(existing).build()).getMerge().getId());
        assertEquals(List.of(existing), vic.listMerges(ListMergesRequest.newBuilder().setProject(project).build())
                .getMergesList().stream().map(MergeRequest::getId).toList());
        var watched = vic.withDeadlineAfter(30, TimeUnit.SECONDS).watchMerge(WatchMergeRequest.newBuilder()
                .setMergeId(existing).build());
        assertEquals(existing, watched.next().getMerge().getId());
        List<MergeRequest> across = vic.listMerges(ListMergesRequest.getDefaultInstance()).getMergesList();
        assertEquals(List.of(existing), across.stream().map(MergeRequest::getId).toList(),
                "across projects: exactly the requests of the projects it may read");
    }

    @Test
    void nobodyAsksInSomeoneElsesNameAndNoServiceMaySubmit() {
        finished("n1", "n.txt", "n\n");
        State before = state();
        String member = tokens.user("mia", Map.of(project, Role.MEMBER));

        String forged = assertStatus(Status.Code.PERMISSION_DENIED, () -> stub.withCallCredentials(
                chant.client.auth.BearerCredentials.of(member).onBehalfOf("alice")).submitMerge(submit("n1").build()));
        assertTrue(forged.contains("only a service identity may act on behalf of a user"), forged);
        String service = assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(stub,
                tokens.service("agent-service")).submitMerge(submit("n1").build()));
        assertTrue(service.contains("service agent-service"), service);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(stub, tokens.run("7", project, "n1"))
                .submitMerge(submit("n1").build()));
        assertEquals(before, state());
    }

    @Test
    void aStoredViewerGrantDoesNotLetItSubmit() {
        finished("s1", "s.txt", "s\n");
        specs.grant(project, "vera", Role.VIEWER);
        State before = state();

        String denied = assertStatus(Status.Code.PERMISSION_DENIED,
                () -> withToken(stub, tokens.user("vera", Map.of())).submitMerge(submit("s1").build()));
        assertTrue(denied.contains("holds only viewer"), denied);
        assertEquals(before, state());
    }

    @Test
    void aMemberByStoredGrantMergesAndSpecServiceHearsOfItFromMergeServiceForThem() {
        String head = finished("g1", "g.txt", "g\n");
        specs.grant(project, "bob", Role.MEMBER);
        var bob = withToken(stub, tokens.user("bob", Map.of()));

        MergeRequest submitted = bob.submitMerge(submit("g1").build()).getMerge();
        assertEquals("bob", submitted.getRequestedBy(), "the requester is the token's subject");
        MergeRequest ended = awaitEnd(submitted.getId());
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, ended.getItems(0).getOutcome(), ended.getItems(0).getReason());
        assertEquals(head, remote.branch("main"));
        assertEquals(MergeStatus.MERGE_STATUS_DONE,
                bob.getMerge(GetMergeRequest.newBuilder().setMergeId(submitted.getId()).build()).getMerge().getStatus());

        List<ServiceCalls.Call> calls = specs.calls(project);
        assertTrue(calls.stream().allMatch(c -> c.principal().kind() == PrincipalKind.SERVICE
                && c.principal().subject().equals("merge-service")), "every call with merge-service's own token");
        assertTrue(calls.stream().anyMatch(c -> c.rpc().equals("ListMembers")), "the stored grant was asked for");
        assertTrue(calls.stream().filter(c -> c.rpc().equals("ListMembers")).allMatch(c -> c.onBehalfOf().isEmpty()),
                "merge-service asks for the grants as itself");
        List<ServiceCalls.Call> forBob = calls.stream().filter(c -> !c.rpc().equals("ListMembers")).toList();
        assertTrue(forBob.stream().anyMatch(c -> c.rpc().equals("RecordMerge")), forBob.toString());
        assertTrue(forBob.stream().allMatch(c -> c.onBehalfOf().equals(Optional.of("bob"))),
                "everything about bob's request goes on behalf of bob: " + forBob);
    }

    @Test
    void specServiceRefusingMergeServicesOwnTokenIsWaitedOutNotTakenAsTheSpecsRefusal() {
        String head = finished("t1", "t.txt", "t\n");
        specs.refuseCredentials(true);
        String unavailable = assertStatus(Status.Code.UNAVAILABLE, () -> merges.submitMerge(submit("t1").build()));
        assertTrue(unavailable.contains("refused merge-service's credentials"), unavailable);
        assertTrue(state().requests().isEmpty(), "nothing stored");

        specs.refuseCredentials(false);
        dispatcher.pause();
        long id = merges.submitMerge(submit("t1").build()).getMerge().getId();
        int refusedBefore = specs.refusedCalls();
        specs.refuseCredentials(true);
        dispatcher.resume();
        // A second refused call means the queue took the first as a failure to wait out and tried again.
        await().atMost(Duration.ofSeconds(60)).until(() -> specs.refusedCalls() >= refusedBefore + 2);
        MergeRequest waiting = get(id);
        assertEquals(MergeStatus.MERGE_STATUS_RUNNING, waiting.getStatus());
        assertEquals(MergeOutcome.MERGE_OUTCOME_PENDING, waiting.getItems(0).getOutcome(),
                "the spec is not refused for merge-service's own credentials");

        specs.refuseCredentials(false);
        MergeRequest ended = awaitEnd(id);
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, ended.getItems(0).getOutcome(), ended.getItems(0).getReason());
        assertEquals(head, remote.branch("main"));
    }
}
