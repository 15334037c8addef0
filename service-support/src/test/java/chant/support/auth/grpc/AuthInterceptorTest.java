package chant.support.auth.grpc;

import chant.client.auth.AuthMetadata;
import chant.client.auth.BearerCredentials;
import chant.support.auth.Authorization;
import chant.support.auth.Memberships;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.auth.ServiceRights;
import chant.support.grpc.FailureStatuses;
import chant.support.testing.MutableClock;
import chant.support.testing.TestTokens;
import com.google.protobuf.Api;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interceptor in front of services on grpc-java's own server, called by clients with
 * {@link BearerCredentials}: each bad token is UNAUTHENTICATED with its own message and reaches no
 * service; a good one puts its principal where the service reads it, whose role checks then give
 * PERMISSION_DENIED; health and reflection need no token.
 */
class AuthInterceptorTest {

    /** Stand-ins for a project's read and write RPCs and a runner's report, with the checks the services will make. */
    private static final MethodDescriptor<Api, Api> READ = method("chant.v1.SpecService", "GetSpec");
    private static final MethodDescriptor<Api, Api> WRITE = method("chant.v1.SpecService", "UpdateSpec");
    private static final MethodDescriptor<Api, Api> APPEND_LOG = method("chant.v1.RunnerService", "AppendLog");
    private static final MethodDescriptor<Api, Api> HEALTH = method("grpc.health.v1.Health", "Check");
    private static final MethodDescriptor<Api, Api> REFLECTION = method("grpc.reflection.v1.ServerReflection", "Info");

    /** The fixed right spec-service would give merge-service: reading every project. */
    private static final ServiceRights MERGE_SERVICE_READS = new ServiceRights(Map.of("merge-service", Role.VIEWER));

    @TempDir
    Path keys;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    private final List<String> served = new CopyOnWriteArrayList<>();
    private TestTokens tokens;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        tokens = TestTokens.in(keys, clock);
        String name = InProcessServerBuilder.generateName();
        AuthInterceptor interceptor = new AuthInterceptor(tokens.verifier());
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(service("chant.v1.SpecService", Map.of(
                        READ, principal -> new Authorization(principal, Memberships.NONE, MERGE_SERVICE_READS)
                                .requireRole("demo", Role.VIEWER),
                        WRITE, principal -> Authorization.of(principal).requireRole("demo", Role.MEMBER))), interceptor))
                .addService(ServerInterceptors.intercept(service("chant.v1.RunnerService", Map.of(
                        APPEND_LOG, principal -> Authorization.of(principal).requireRunScope("r-17"))), interceptor))
                .addService(ServerInterceptors.intercept(exempt(HEALTH), interceptor))
                .addService(ServerInterceptors.intercept(exempt(REFLECTION), interceptor))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aValidTokenReachesTheServiceAsItsSubject() {
        String answer = call(READ, BearerCredentials.of(tokens.user("alice", Map.of("demo", Role.VIEWER))));
        assertEquals("alice acting as alice", answer);
    }

    @Test
    void noToken() {
        String message = refused(Status.Code.UNAUTHENTICATED, READ, null);
        assertEquals("this call needs a bearer token: send authorization: Bearer <token>"
                + " (the CLI sends CHANT_TOKEN or the token of its config file)", message);
    }

    @Test
    void notABearerToken() {
        Metadata headers = new Metadata();
        headers.put(AuthMetadata.AUTHORIZATION, "Basic YWxpY2U6c2VjcmV0");
        StatusRuntimeException basic = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                READ, CallOptions.DEFAULT, Api.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, basic.getStatus().getCode());
        assertEquals("the authorization entry is not a bearer token: send authorization: Bearer <token>",
                basic.getStatus().getDescription());
        assertFalse(basic.getStatus().getDescription().contains("YWxpY2U6c2VjcmV0"));
    }

    @Test
    void expired() {
        assertRefusedToken(tokens.expired("alice", Duration.ofMinutes(10)), "the token expired at");
    }

    @Test
    void wrongIssuer() {
        assertRefusedToken(tokens.otherIssuer("alice"), "the token was issued by 'https://elsewhere.example'");
    }

    @Test
    void wrongAudience() {
        assertRefusedToken(tokens.otherAudience("alice"), "the token is for audience [some-other-service], not for 'chant'");
    }

    @Test
    void wrongSignature() {
        assertRefusedToken(tokens.altered("alice"), "the token's signature does not verify");
        assertRefusedToken(tokens.foreignSignature("alice"), "the token's signature does not verify");
    }

    @Test
    void algNone() {
        assertRefusedToken(tokens.algNone("alice"), "the token is unsigned (alg: none)");
    }

    @Test
    void hmacSignedWithThePublicKey() {
        assertRefusedToken(tokens.hmacWithPublicKey("alice"), "the token is signed with HS256, which is not accepted");
    }

    @Test
    void aTokenForAnotherProjectIsDeniedNamingTheRoleAndProject() {
        String message = refused(Status.Code.PERMISSION_DENIED, READ,
                BearerCredentials.of(tokens.user("olga", Map.of("other", Role.ADMIN))));
        assertEquals("this needs the viewer role in project 'demo': user olga holds no role there"
                + " (a project admin can grant it: chant project members)", message);
        assertEquals(List.of(), served, "the service did nothing for it");
    }

    @Test
    void aViewerTryingToWriteIsDenied() {
        BearerCredentials viewer = BearerCredentials.of(tokens.user("vera", Map.of("demo", Role.VIEWER)));
        String message = refused(Status.Code.PERMISSION_DENIED, WRITE, viewer);
        assertTrue(message.startsWith("this needs the member role in project 'demo': user vera holds only viewer"), message);
        assertEquals("bob acting as bob", call(WRITE, BearerCredentials.of(tokens.user("bob", Map.of("demo", Role.MEMBER)))));
    }

    @Test
    void aRunTokenUsedForAnotherRunIsDenied() {
        assertEquals("run:r-17 acting as run:r-17",
                call(APPEND_LOG, BearerCredentials.of(tokens.run("r-17", "demo", "2026-12-04-001-abc"))));
        String message = refused(Status.Code.PERMISSION_DENIED, APPEND_LOG,
                BearerCredentials.of(tokens.run("r-18", "demo", "2026-12-04-001-abc")));
        assertEquals("this token is scoped to run r-18 and cannot be used for run r-17", message);
        assertTrue(refused(Status.Code.PERMISSION_DENIED, READ,
                BearerCredentials.of(tokens.run("r-17", "demo", "2026-12-04-001-abc")))
                .contains("may only report its own run"));
    }

    @Test
    void aServicePassesOnTheEndUser() {
        BearerCredentials merge = BearerCredentials.of(tokens.service("merge-service")).onBehalfOf("Zoë");
        assertEquals("merge-service acting as Zoë", call(READ, merge));
        String message = refused(Status.Code.PERMISSION_DENIED, WRITE, merge);
        assertTrue(message.contains("this needs the member role in project 'demo'"), message);
        assertEquals(List.of("chant.v1.SpecService/GetSpec"), served);
    }

    @Test
    void onlyAServiceMayActOnBehalfOfSomeone() {
        BearerCredentials user = BearerCredentials.of(tokens.user("mallory", Map.of("demo", Role.ADMIN))).onBehalfOf("alice");
        String message = refused(Status.Code.PERMISSION_DENIED, READ, user);
        assertEquals("only a service identity may act on behalf of a user: user mallory sent chant-on-behalf-of;"
                + " leave it out", message);
    }

    @Test
    void anOnBehalfOfThatIsNotPercentEncodedUtf8IsInvalid() {
        Metadata headers = new Metadata();
        headers.put(AuthMetadata.ON_BEHALF_OF, "%C3(");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)), READ,
                CallOptions.DEFAULT.withCallCredentials(BearerCredentials.of(tokens.service("merge-service"))),
                Api.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("chant-on-behalf-of is not a percent-encoded UTF-8 subject"),
                e.getStatus().getDescription());
    }

    @Test
    void healthAndReflectionNeedNoToken() {
        assertEquals("no principal", call(HEALTH, null));
        assertEquals("no principal", call(REFLECTION, null));
    }

    @Test
    void aClientWithoutATokenFailsBeforeSending() {
        String message = refused(Status.Code.UNAUTHENTICATED, READ, BearerCredentials.from(() -> ""));
        assertTrue(message.startsWith("no token to send: set CHANT_TOKEN"), message);
    }

    @Test
    void credentialsNeverPrintTheirToken() {
        String token = tokens.user("alice", Map.of());
        assertFalse(BearerCredentials.of(token).toString().contains(token));
    }

    private void assertRefusedToken(String token, String messageStart) {
        String message = refused(Status.Code.UNAUTHENTICATED, READ, BearerCredentials.of(token));
        assertTrue(message.startsWith(messageStart), message);
        for (String part : token.split("\\.")) {
            if (part.length() > 8) {
                assertFalse(message.contains(part), "the status repeats the token: " + message);
            }
        }
        assertEquals(List.of(), served, "a refused call reaches no service");
    }

    private String refused(Status.Code code, MethodDescriptor<Api, Api> method, CallCredentials credentials) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(method, credentials));
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        return e.getStatus().getDescription();
    }

    private String call(MethodDescriptor<Api, Api> method, CallCredentials credentials) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS);
        if (credentials != null) {
            options = options.withCallCredentials(credentials);
        }
        return ClientCalls.blockingUnaryCall(channel, method, options, Api.getDefaultInstance()).getName();
    }

    private ServerServiceDefinition service(String name, Map<MethodDescriptor<Api, Api>, Consumer<Principal>> checks) {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(name);
        checks.forEach((method, check) -> builder.addMethod(method, ServerCalls.asyncUnaryCall((request, response) -> {
            try {
                Principal principal = CurrentPrincipal.get();
                check.accept(principal);
                served.add(method.getFullMethodName());
                response.onNext(Api.newBuilder().setName(principal.subject() + " acting as " + principal.actor()).build());
                response.onCompleted();
            } catch (RuntimeException e) {
                response.onError(FailureStatuses.toStatus(e)); // as the services report domain failures
            }
        })));
        return builder.build();
    }

    private static ServerServiceDefinition exempt(MethodDescriptor<Api, Api> method) {
        return ServerServiceDefinition.builder(method.getServiceName())
                .addMethod(method, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(Api.newBuilder().setName(CurrentPrincipal.find().isPresent() ? "principal" : "no principal").build());
                    response.onCompleted();
                })).build();
    }

    private static MethodDescriptor<Api, Api> method(String service, String name) {
        return MethodDescriptor.<Api, Api>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller(ProtoUtils.marshaller(Api.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(Api.getDefaultInstance())).build();
    }
}
