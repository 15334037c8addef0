package chant.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.CreateSpecRequest;
import chant.v1.CreateSpecResponse;
import chant.v1.ListProjectsResponse;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecType;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddCommandTest extends InProcessCliTest {

    private void replyCreated(String id) {
        server.reply(SpecServiceGrpc.getCreateSpecMethod(),
                CreateSpecResponse.newBuilder().setSpec(Specs.spec(id, "t", 1)).build());
    }

    @Test
    void sendsEveryFieldAndPrintsTheNewId() {
        replyCreated("2026-01-22-001-x7m");
        stdin = "Body text\n";

        Result result = run("add", "Fix the login", "--type", "research", "--label", "ui,auth", "--label", "p1",
                "--depends-on", "x7m", "--informed-by", "docs/a.md", "--context", "src/ctx.rs",
                "--target-file", "src/a.rs,src/b.rs", "--prompt", "research", "--model", "sonnet",
                "--needs-approval", "--group", "2026-01-20-004-abc", "--body", "-");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("Created spec: 2026-01-22-001-x7m\n", result.out());
        assertEquals(List.of(CreateSpecRequest.newBuilder()
                .setProject(PROJECT).setTitle("Fix the login").setBody("Body text\n").setType(SpecType.SPEC_TYPE_RESEARCH)
                .addAllLabels(List.of("ui", "auth", "p1")).addDependsOn("x7m").addInformedBy("docs/a.md")
                .addContext("src/ctx.rs").addAllTargetFiles(List.of("src/a.rs", "src/b.rs"))
                .setPrompt("research").setModel("sonnet").setNeedsApproval(true).setDriver("2026-01-20-004-abc")
                .build()), server.requests(SpecServiceGrpc.getCreateSpecMethod()));
    }

    @Test
    void quietPrintsOnlyTheIdForScripts() {
        replyCreated("2026-01-22-001-x7m");
        replyCreated("2026-01-22-002-abc");

        Result quiet = run("add", "One", "--quiet");
        Result shortFlag = run("add", "-q", "Two");

        assertEquals(0, quiet.exitCode(), quiet.toString());
        assertEquals("2026-01-22-001-x7m\n", quiet.out());
        assertEquals("2026-01-22-002-abc\n", shortFlag.out());
    }

    @Test
    void theCallCarriesTheToken() {
        replyCreated("a");

        run("add", "One");

        assertEquals(List.of("Bearer " + TOKEN), authorizations);
    }

    @Test
    void theServersOnlyProjectIsUsedWhenNoneIsChosen() {
        env.remove("CHANT_PROJECT");
        server.reply(ProjectServiceGrpc.getListProjectsMethod(), ListProjectsResponse.newBuilder()
                .addProjects(Project.newBuilder().setName("solo")).build());
        replyCreated("x");

        Result result = run("add", "T");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("solo", server.requests(SpecServiceGrpc.getCreateSpecMethod()).get(0).getProject());
    }

    @Test
    void withSeveralProjectsOneMustBeChosen() {
        env.remove("CHANT_PROJECT");
        server.reply(ProjectServiceGrpc.getListProjectsMethod(), ListProjectsResponse.newBuilder()
                .addProjects(Project.newBuilder().setName("a")).addProjects(Project.newBuilder().setName("b")).build());

        Result result = run("add", "T");

        assertEquals(2, result.exitCode());
        assertEquals("chant: no project chosen: pass --project NAME or set CHANT_PROJECT (projects: a, b)\n",
                result.err());
        assertEquals(List.of(), server.requests(SpecServiceGrpc.getCreateSpecMethod()));
    }

    @Test
    void theConfigFileNamesServerProjectAndToken() {
        env.remove("CHANT_PROJECT");
        env.remove("CHANT_TOKEN");
        configFile.setProperty("server", "spec.example:9000");
        configFile.setProperty("project", "from-file");
        configFile.setProperty("token", "carols-token");
        replyCreated("x");

        run("add", "T");

        assertEquals("spec.example:9000", openedServers.get(0).toString());
        assertEquals("from-file", server.requests(SpecServiceGrpc.getCreateSpecMethod()).get(0).getProject());
        assertEquals(List.of("Bearer carols-token"), authorizations);
    }

    @Test
    void anInvalidArgumentIsOneLineAndExitCode4() {
        server.reply(SpecServiceGrpc.getCreateSpecMethod(), Status.INVALID_ARGUMENT.withDescription(
                "depends_on: no spec 'zzz' in project demo"));

        Result result = run("add", "T", "--depends-on", "zzz");

        assertEquals(4, result.exitCode());
        assertEquals("", result.out());
        assertEquals(List.of("chant: depends_on: no spec 'zzz' in project demo"), result.errLines());
    }
}
