package chant.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.Approval;
import chant.v1.ApprovalStatus;
import chant.v1.Blocker;
import chant.v1.BlockerKind;
import chant.v1.GetBlockersRequest;
import chant.v1.GetBlockersResponse;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShowCommandTest extends InProcessCliTest {
    private static final Spec SPEC = Specs.spec("2026-01-22-001-x7m", "Fix the login", 7)
            .setStatus(SpecStatus.SPEC_STATUS_IN_PROGRESS)
            .addLabels("ui").addLabels("auth")
            .addDependsOn("2026-01-20-002-abc")
            .addInformedBy("docs/login.md")
            .setApproval(Approval.newBuilder().setRequired(true).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                    .setBy("alice").setAt("2026-01-22T10:00:00Z"))
            .setCriteriaTotal(5).setCriteriaChecked(3)
            .setCreatedBy("bob")
            .setBody("# Fix the login\n\n## Acceptance Criteria\n\n- [x] a\n")
            .build();

    /** Without a scripted GetBlockers the test server answers UNIMPLEMENTED, as an older server would. */
    @Test
    void rendersTheHeaderTheNonEmptyFieldsAndTheBody() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(SPEC).build());

        Result result = run("show", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(GetSpecRequest.newBuilder().setProject(PROJECT).setId("x7m").build()),
                server.requests(SpecServiceGrpc.getGetSpecMethod()));
        assertEquals("""
                2026-01-22-001-x7m: Fix the login
                status: in_progress
                type: code
                labels: ui, auth
                depends_on: 2026-01-20-002-abc
                informed_by: docs/login.md
                approval: required, approved by alice at 2026-01-22T10:00:00Z
                criteria: 3/5 checked
                created_by: bob
                version: 7

                # Fix the login

                ## Acceptance Criteria

                - [x] a
                """, result.out());
    }

    @Test
    void aBlockedSpecListsWhatItWaitsFor() {
        Spec pending = Specs.spec("2026-01-22-001-x7m", "Fix the login", 2).setCreatedBy("bob").build();
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(pending).build());
        server.reply(SpecLifecycleServiceGrpc.getGetBlockersMethod(), GetBlockersResponse.newBuilder()
                .setId(pending.getId())
                .addBlockers(Blocker.newBuilder().setKind(BlockerKind.BLOCKER_KIND_DEPENDENCY)
                        .setSpecId("2026-01-20-002-abc").setStatus(SpecStatus.SPEC_STATUS_IN_PROGRESS)
                        .setDescription("depends on 2026-01-20-002-abc (in_progress)"))
                .addBlockers(Blocker.newBuilder().setKind(BlockerKind.BLOCKER_KIND_APPROVAL)
                        .setDescription("approval pending"))
                .build());

        Result result = run("show", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(GetBlockersRequest.newBuilder().setProject(PROJECT).setId(pending.getId()).build()),
                server.requests(SpecLifecycleServiceGrpc.getGetBlockersMethod()));
        assertEquals("""
                2026-01-22-001-x7m: Fix the login
                status: pending
                type: code
                created_by: bob
                version: 2
                blocked by:
                  depends on 2026-01-20-002-abc (in_progress)
                  approval pending
                """, result.out());
    }

    @Test
    void aReadySpecSaysSo() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(SPEC).build());
        server.reply(SpecLifecycleServiceGrpc.getGetBlockersMethod(),
                GetBlockersResponse.newBuilder().setId(SPEC.getId()).setReady(true).build());

        Result result = run("show", "x7m");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("\nversion: 7\nready: yes\n\n# Fix the login\n"), result.out());
    }

    @Test
    void aSpecNeitherReadyNorBlockedGetsNoReadinessLines() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(SPEC).build());
        server.reply(SpecLifecycleServiceGrpc.getGetBlockersMethod(),
                GetBlockersResponse.newBuilder().setId(SPEC.getId()).build());

        Result result = run("show", "x7m");

        assertEquals(1, server.requests(SpecLifecycleServiceGrpc.getGetBlockersMethod()).size());
        assertTrue(result.out().contains("\nversion: 7\n\n# Fix the login\n"), result.out());
    }

    @Test
    void otherBlockerErrorsAreReported() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(SPEC).build());
        server.reply(SpecLifecycleServiceGrpc.getGetBlockersMethod(), Status.UNAVAILABLE);

        Result result = run("show", "x7m");

        assertEquals(7, result.exitCode());
    }

    @Test
    void rawAndJsonDoNotAskForBlockers() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(SPEC).build(),
                GetSpecResponse.newBuilder().setSpec(SPEC).setMarkdown("x").build());

        assertEquals(0, run("show", "x7m", "--json").exitCode());
        assertEquals(0, run("show", "x7m", "--raw").exitCode());
        assertEquals(List.of(), server.requests(SpecLifecycleServiceGrpc.getGetBlockersMethod()));
    }

    @Test
    void rawPrintsTheMarkdownFileExactly() {
        String markdown = "---\ntype: code\nstatus: pending\n---\n# Fix the login\n\nno final newline";
        server.reply(SpecServiceGrpc.getGetSpecMethod(),
                GetSpecResponse.newBuilder().setSpec(SPEC).setMarkdown(markdown).build());

        Result result = run("show", "x7m", "--raw");

        assertTrue(server.requests(SpecServiceGrpc.getGetSpecMethod()).get(0).getIncludeMarkdown());
        assertEquals(markdown, result.out());
    }

    @Test
    void jsonIsTheSpecAsProtoJson() throws Exception {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), GetSpecResponse.newBuilder().setSpec(SPEC).build());

        Result result = run("show", "x7m", "--json");

        Spec.Builder parsed = Spec.newBuilder();
        JsonFormat.parser().merge(result.out(), parsed);
        assertEquals(SPEC, parsed.build());
    }

    @Test
    void notFoundExitsWith3() {
        server.reply(SpecServiceGrpc.getGetSpecMethod(), Status.NOT_FOUND.withDescription("no spec 'zzz' in project demo"));

        Result result = run("show", "zzz");

        assertEquals(3, result.exitCode());
        assertEquals("chant: no spec 'zzz' in project demo\n", result.err());
    }

    @Test
    void rawAndJsonExcludeEachOther() {
        Result result = run("show", "x7m", "--raw", "--json");

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("chant: Error: --raw, --json are mutually exclusive"), result.err());
    }
}
