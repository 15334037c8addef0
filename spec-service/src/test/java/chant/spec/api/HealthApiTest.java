package chant.spec.api;

import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators and grpcurl-style tools rely on: readiness with the database, gRPC health, reflection. */
@QuarkusTest
class HealthApiTest {

    @GrpcClient("health")
    HealthGrpc.HealthBlockingStub health;

    @GrpcClient("health")
    io.grpc.Channel channel;

    @Test
    void readinessChecksTheDatabase() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void grpcHealthServiceServesTheSpecService() {
        HealthCheckResponse response = health.check(HealthCheckRequest.newBuilder().setService("chant.v1.SpecService").build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus());
    }

    @Test
    void reflectionListsTheServices() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse value) {
                services.complete(value.getListServicesResponse().getServiceList().stream()
                        .map(s -> s.getName()).toList());
            }

            @Override
            public void onError(Throwable t) {
                services.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> names = services.get(30, TimeUnit.SECONDS);
        requests.onCompleted();

        assertTrue(names.containsAll(List.of("chant.v1.SpecService", "chant.v1.ProjectService")), names.toString());
    }
}
