package chant.cli.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.GetDependencyGraphRequest;
import chant.v1.GetDependencyGraphResponse;
import chant.v1.GraphNode;
import chant.v1.ListReadySpecsRequest;
import chant.v1.ListReadySpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyAndDagCommandsTest extends InProcessCliTest {

    private static Spec spec(String id, String title, SpecType type, String... labels) {
        return Specs.spec(id, title, 1).setType(type).addAllLabels(List.of(labels)).build();
    }

    private static ListReadySpecsResponse page(String next, Spec... specs) {
        return ListReadySpecsResponse.newBuilder().addAllSpecs(List.of(specs)).setNextPageToken(next).build();
    }

    @Test
    void readyFollowsPagesAndPrintsATableWithAFooter() {
        server.reply(SpecLifecycleServiceGrpc.getListReadySpecsMethod(),
                page("t1", spec("a", "First", SpecType.SPEC_TYPE_CODE, "ui", "auth")),
                page("", spec("b", "Second", SpecType.SPEC_TYPE_TASK)));

        Result result = run("ready", "--type", "code,task", "--label", "ui", "--label", "auth");

        assertEquals(0, result.exitCode(), result.toString());
        List<ListReadySpecsRequest> requests = server.requests(SpecLifecycleServiceGrpc.getListReadySpecsMethod());
        assertEquals(List.of("", "t1"), requests.stream().map(ListReadySpecsRequest::getPageToken).toList());
        assertEquals(PROJECT, requests.get(0).getProject());
        assertEquals(List.of(SpecType.SPEC_TYPE_CODE, SpecType.SPEC_TYPE_TASK), requests.get(0).getTypesList());
        assertEquals(List.of("ui", "auth"), requests.get(1).getLabelsList());
        assertEquals(List.of(
                "ID  TYPE  TITLE   LABELS",
                "a   code  First   ui,auth",
                "b   task  Second",
                "2 ready"), result.outLines());
    }

    @Test
    void nothingReadyIsJustTheFooter() {
        server.reply(SpecLifecycleServiceGrpc.getListReadySpecsMethod(), page(""));

        Result result = run("ready");

        assertEquals(List.of("0 ready"), result.outLines());
    }

    @Test
    void readyJsonHasTheSpecsAndTheTotal() throws Exception {
        server.reply(SpecLifecycleServiceGrpc.getListReadySpecsMethod(),
                page("", spec("a", "First", SpecType.SPEC_TYPE_CODE, "ui")));

        Result result = run("ready", "--json");

        ListReadySpecsResponse.Builder parsed = ListReadySpecsResponse.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(result.out(), parsed);
        assertEquals(List.of(spec("a", "First", SpecType.SPEC_TYPE_CODE, "ui")), parsed.getSpecsList());
        assertTrue(result.out().contains("\n  \"total\": 1\n}"), result.out());
    }

    @Test
    void readyOfAnUnknownProjectExitsWith3() {
        server.reply(SpecLifecycleServiceGrpc.getListReadySpecsMethod(),
                Status.NOT_FOUND.withDescription("no project 'demo'"));

        Result result = run("ready");

        assertEquals(3, result.exitCode());
        assertEquals("chant: no project 'demo'\n", result.err());
    }

    @Test
    void dagPrintsNodesInOrderWithTheirDependenciesAndDriver() {
        server.reply(SpecLifecycleServiceGrpc.getGetDependencyGraphMethod(), GetDependencyGraphResponse.newBuilder()
                .addNodes(GraphNode.newBuilder().setId("2026-01-20-001-abc").setTitle("Schema")
                        .setStatus(SpecStatus.SPEC_STATUS_COMPLETED))
                .addNodes(GraphNode.newBuilder().setId("2026-01-22-001-x7m.1").setTitle("Login form")
                        .setStatus(SpecStatus.SPEC_STATUS_BLOCKED).addDependsOn("2026-01-20-001-abc")
                        .addDependsOn("2026-01-21-002-def").setDriver("2026-01-22-001-x7m"))
                .addNodes(GraphNode.newBuilder().setId("2026-01-22-001-x7m").setTitle("Login")
                        .setStatus(SpecStatus.SPEC_STATUS_PENDING))
                .build());

        Result result = run("dag", "--label", "auth");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(GetDependencyGraphRequest.newBuilder().setProject(PROJECT).setLabel("auth").build()),
                server.requests(SpecLifecycleServiceGrpc.getGetDependencyGraphMethod()));
        assertEquals(List.of(
                "2026-01-20-001-abc [completed] Schema",
                "2026-01-22-001-x7m.1 [blocked] Login form",
                "  <- 2026-01-20-001-abc",
                "  <- 2026-01-21-002-def",
                "  member of 2026-01-22-001-x7m",
                "2026-01-22-001-x7m [pending] Login"), result.outLines());
    }

    @Test
    void anEmptyDagSaysSo() {
        server.reply(SpecLifecycleServiceGrpc.getGetDependencyGraphMethod(), GetDependencyGraphResponse.getDefaultInstance());

        Result result = run("dag");

        assertEquals("", server.requests(SpecLifecycleServiceGrpc.getGetDependencyGraphMethod()).get(0).getLabel());
        assertEquals(List.of("No specs."), result.outLines());
    }
}
