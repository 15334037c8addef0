package chant.spec.api;

import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.GetSpecRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Project;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import chant.support.testing.RawRequests;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input from any client: refused with INVALID_ARGUMENT naming what is wrong, never INTERNAL. */
@QuarkusTest
class RequestValidationApiTest extends ApiTestBase {

    @GrpcClient("specs")
    io.grpc.Channel channel;

    @Test
    void nulCharactersAreRefusedNamingTheField() {
        String project = newProject();
        Spec spec = create(project, "Real");

        String title = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.createSpec(CreateSpecRequest.newBuilder()
                .setProject(project).setTitle("A\0B").build()));
        assertTrue(title.startsWith("title contains a NUL character"), title);
        String label = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.createSpec(CreateSpecRequest.newBuilder()
                .setProject(project).setTitle("T").addLabels("ok").addLabels("b\0d").build()));
        assertTrue(label.startsWith("labels[1] contains a NUL character"), label);
        String id = assertStatus(Status.Code.INVALID_ARGUMENT, () -> get(project, spec.getId() + "\0"));
        assertTrue(id.startsWith("id contains a NUL character"), id);
        String filter = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.listSpecs(ListSpecsRequest.newBuilder()
                .setProject(project).setText("x\0").build()));
        assertTrue(filter.startsWith("text contains"), filter);
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(CreateProjectRequest.newBuilder()
                .setProject(Project.newBuilder().setName("p\0")).build()));
    }

    @Test
    void invalidUtf8IsNotAnInternalError() {
        String project = newProject();
        // GetSpecRequest{project = <project>, id = 0xC3 0x28}: 0xC3 starts a two-byte sequence that 0x28 does not continue.
        byte[] name = project.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        request.write(0x0A);
        request.write(name.length);
        request.write(name, 0, name.length);
        request.write(0x12);
        request.write(2);
        request.write(0xC3);
        request.write(0x28);

        String description = assertStatus(Status.Code.INVALID_ARGUMENT, () -> ClientCalls.blockingUnaryCall(
                channel, RawRequests.of(SpecServiceGrpc.getGetSpecMethod()), CallOptions.DEFAULT, request.toByteArray()));
        assertTrue(description.contains("UTF-8"), description);
    }

    @Test
    void anOverlongIdIsRefusedBeforeLookupAndNotEchoedWhole() {
        String project = newProject();
        String huge = "x".repeat(8192);

        String description = assertStatus(Status.Code.INVALID_ARGUMENT, () -> get(project, huge));

        assertTrue(description.length() < 400, "the message stays short: " + description.length());
        assertTrue(description.contains("8192 characters"), description);
        String notFound = assertStatus(Status.Code.NOT_FOUND, () -> get(project, "y".repeat(100)));
        assertTrue(notFound.length() < 400, notFound);
    }

    @Test
    void unknownEnumNumbersAreInvalidArguments() {
        String action = assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(CreateProjectRequest.newBuilder()
                .setProject(Project.newBuilder().setName("enum-" + System.nanoTime()).setRejectionActionValue(99)).build()));
        assertTrue(action.contains("rejection_action"), action);
        String project = newProject();
        String archived = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.listSpecs(ListSpecsRequest.newBuilder()
                .setProject(project).setArchivedValue(42).build()));
        assertTrue(archived.contains("archived"), archived);
    }

    @Test
    void branchSettingsMustBeGitBranchNamesThatCannotBeOptions() {
        for (String branch : new String[] {"-main", "--upload-pack=x", "a..b", "has space", "x.lock"}) {
            String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(CreateProjectRequest.newBuilder()
                    .setProject(Project.newBuilder().setName("ref-" + System.nanoTime()).setDefaultBranch(branch)).build()));
            assertTrue(message.startsWith("default_branch"), message);
        }
        String prefix = assertStatus(Status.Code.INVALID_ARGUMENT, () -> projects.createProject(CreateProjectRequest.newBuilder()
                .setProject(Project.newBuilder().setName("ref-" + System.nanoTime()).setBranchPrefix("-chant/")).build()));
        assertTrue(prefix.startsWith("branch_prefix"), prefix);
        Project ok = projects.createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder()
                .setName("ref-" + System.nanoTime()).setDefaultBranch("release/2026.1").setBranchPrefix("work/"))
                .build()).getProject();
        assertEquals("release/2026.1", ok.getDefaultBranch());
    }

    @Test
    void pageTokensAreOpaqueAndBelongToTheirList() {
        String project = newProject();
        String other = newProject();
        for (int i = 0; i < 3; i++) {
            create(project, "Spec " + i, r -> r.addLabels("a"));
            create(other, "Other " + i);
        }
        ListSpecsResponse first = specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).setPageSize(2).build());
        String token = first.getNextPageToken();
        assertFalse(token.isEmpty());
        assertEquals(1, specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).setPageSize(2)
                .setPageToken(token).build()).getSpecsCount());

        assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.listSpecs(ListSpecsRequest.newBuilder().setProject(other)
                .setPageSize(2).setPageToken(token).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project)
                .addLabels("a").setPageSize(2).setPageToken(token).build()));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(first.getSpecs(0).getId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.listSpecs(ListSpecsRequest.newBuilder()
                .setProject(project).setPageSize(2).setPageToken(forged).build()));
        assertTrue(message.contains("page_token"), message);
    }
}
