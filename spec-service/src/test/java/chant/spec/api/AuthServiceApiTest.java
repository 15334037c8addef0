package chant.spec.api;

import chant.support.auth.Role;
import chant.support.testing.TestTokens;
import chant.v1.ApproveSpecRequest;
import chant.v1.AuthServiceGrpc;
import chant.v1.CreateRunTokenRequest;
import chant.v1.CreateRunTokenResponse;
import chant.v1.CreateSpecRequest;
import chant.v1.CreateTokenRequest;
import chant.v1.CreateTokenResponse;
import chant.v1.GetSpecRequest;
import chant.v1.ListMembersRequest;
import chant.v1.ListProjectsRequest;
import chant.v1.Member;
import chant.v1.PrincipalKind;
import chant.v1.Project;
import chant.v1.ProjectGrant;
import chant.v1.ProjectRole;
import chant.v1.RemoveMemberRequest;
import chant.v1.SetMemberRequest;
import chant.v1.Spec;
import chant.v1.WhoAmIRequest;
import chant.v1.WhoAmIResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

import static chant.support.testing.GrpcAssertions.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AuthService: who the service thinks you are, the tokens it mints, and a project's stored members. */
@QuarkusTest
class AuthServiceApiTest extends ApiTestBase {

    private static final TestTokens TOKENS = TestTokens.shared();

    @GrpcClient("auth")
    AuthServiceGrpc.AuthServiceBlockingStub auth;

    private static ProjectGrant grant(String project, ProjectRole role) {
        return ProjectGrant.newBuilder().setProject(project).setRole(role).build();
    }

    private Member setMember(AuthServiceGrpc.AuthServiceBlockingStub stub, String project, String subject, ProjectRole role) {
        return stub.setMember(SetMemberRequest.newBuilder().setProject(project).setSubject(subject).setRole(role).build())
                .getMember();
    }

    private List<Member> members(String project) {
        return auth.listMembers(ListMembersRequest.newBuilder().setProject(project).build()).getMembersList();
    }

    @Test
    void whoAmISaysTheSubjectKindAndRolesFromTheTokenAndTheStoredGrants() {
        String tokenProject = newProject();
        String grantedProject = newProject();
        setMember(auth, grantedProject, "wanda", ProjectRole.PROJECT_ROLE_APPROVER);
        setMember(auth, tokenProject, "wanda", ProjectRole.PROJECT_ROLE_ADMIN);

        WhoAmIResponse wanda = withToken(auth, TOKENS.user("wanda", Map.of(tokenProject, Role.VIEWER)))
                .whoAmI(WhoAmIRequest.getDefaultInstance());
        WhoAmIResponse tester = auth.whoAmI(WhoAmIRequest.getDefaultInstance());
        WhoAmIResponse run = withToken(auth, TOKENS.run("r-1", tokenProject, "2026-12-04-001-abc"))
                .whoAmI(WhoAmIRequest.getDefaultInstance());
        WhoAmIResponse service = withToken(auth, TOKENS.service("merge-service")).whoAmI(WhoAmIRequest.getDefaultInstance());

        assertEquals("wanda", wanda.getSubject());
        assertEquals(PrincipalKind.PRINCIPAL_KIND_USER, wanda.getKind());
        assertFalse(wanda.getPlatformAdmin());
        assertEquals(List.of(grant(grantedProject, ProjectRole.PROJECT_ROLE_APPROVER),
                        grant(tokenProject, ProjectRole.PROJECT_ROLE_ADMIN)).stream()
                        .sorted(java.util.Comparator.comparing(ProjectGrant::getProject)).toList(),
                wanda.getRolesList(), "the higher of the token's role and the stored grant, by project");
        assertEquals("chant-local", wanda.getIssuer());
        assertTrue(Instant.ofEpochSecond(wanda.getExpireTime().getSeconds()).isAfter(Instant.now()));
        assertEquals("tester", tester.getSubject());
        assertTrue(tester.getPlatformAdmin());
        assertEquals(PrincipalKind.PRINCIPAL_KIND_RUN, run.getKind());
        assertEquals("run:r-1", run.getSubject());
        assertEquals(List.of("r-1", tokenProject, "2026-12-04-001-abc"),
                List.of(run.getRunId(), run.getRunProject(), run.getRunSpecId()));
        assertEquals(PrincipalKind.PRINCIPAL_KIND_SERVICE, service.getKind());
        assertEquals(0, service.getRolesCount());
    }

    @Test
    void aPlatformAdminMintsAUserTokenThatCarriesItsRoles() {
        String project = newProject();
        Spec spec = create(project, "Visible");

        CreateTokenResponse minted = auth.createToken(CreateTokenRequest.newBuilder().setSubject("quinn")
                .addRoles(grant(project, ProjectRole.PROJECT_ROLE_VIEWER)).setTtlSeconds(3600).build());

        WhoAmIResponse quinn = withToken(auth, minted.getToken()).whoAmI(WhoAmIRequest.getDefaultInstance());
        assertEquals("quinn", quinn.getSubject());
        assertEquals(List.of(grant(project, ProjectRole.PROJECT_ROLE_VIEWER)), quinn.getRolesList());
        assertEquals(minted.getExpireTime().getSeconds(), quinn.getExpireTime().getSeconds());
        assertFalse(minted.getTokenId().isBlank());
        assertEquals("Visible", withToken(specs, minted.getToken())
                .getSpec(GetSpecRequest.newBuilder().setProject(project).setId(spec.getId()).build()).getSpec().getTitle());
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, minted.getToken())
                .createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("No").build()));
        String service = auth.createToken(CreateTokenRequest.newBuilder().setSubject("merge-service").setService(true)
                .build()).getToken();
        assertEquals(PrincipalKind.PRINCIPAL_KIND_SERVICE,
                withToken(auth, service).whoAmI(WhoAmIRequest.getDefaultInstance()).getKind());
    }

    @Test
    void onlyAPlatformAdminMintsAndMistakesAreNamed() {
        String project = newProject();
        String projectAdmin = TOKENS.user("pat", Map.of(project, Role.ADMIN));

        String refused = assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(auth, projectAdmin)
                .createToken(CreateTokenRequest.newBuilder().setSubject("pat").setPlatformAdmin(true).build()));
        String blank = assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> auth.createToken(CreateTokenRequest.newBuilder().setSubject(" ").build()));
        String tooLong = assertStatus(Status.Code.INVALID_ARGUMENT, () -> auth.createToken(CreateTokenRequest.newBuilder()
                .setSubject("quinn").setTtlSeconds(367L * 24 * 3600).build()));
        String serviceRoles = assertStatus(Status.Code.INVALID_ARGUMENT, () -> auth.createToken(CreateTokenRequest
                .newBuilder().setSubject("bot").setService(true).addRoles(grant(project, ProjectRole.PROJECT_ROLE_MEMBER))
                .build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> auth.createToken(CreateTokenRequest.newBuilder()
                .setSubject("quinn").addRoles(grant(project, ProjectRole.PROJECT_ROLE_UNSPECIFIED)).build()));

        assertTrue(refused.contains("creating a token needs a platform admin: user pat is none"), refused);
        assertTrue(blank.contains("subject"), blank);
        assertTrue(tooLong.contains("at most 31622400 seconds"), tooLong);
        assertTrue(serviceRoles.contains("service token carries no roles"), serviceRoles);
    }

    @Test
    void agentServiceMintsARunTokenThatReadsItsSpecOnlyAndCannotApprove() {
        String project = newProject();
        Spec own = create(project, "The run's spec", r -> r.setNeedsApproval(true));
        Spec other = create(project, "Another spec");
        var agent = withToken(auth, TOKENS.service("agent-service"));

        CreateRunTokenResponse minted = agent.createRunToken(CreateRunTokenRequest.newBuilder().setRunId("r-42")
                .setProject(project).setSpecId(own.getId()).setTtlSeconds(600).build());

        assertEquals("The run's spec", withToken(specs, minted.getToken())
                .getSpec(GetSpecRequest.newBuilder().setProject(project).setId(own.getId()).build()).getSpec().getTitle());
        String another = assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, minted.getToken())
                .getSpec(GetSpecRequest.newBuilder().setProject(project).setId(other.getId()).build()));
        assertTrue(another.contains("cannot read spec " + other.getId()), another);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(lifecycle, minted.getToken()).approveSpec(
                ApproveSpecRequest.newBuilder().setProject(project).setId(own.getId()).build()));
        assertEquals(own.getVersion(), get(project, own.getId()).getVersion());
        long lifetime = minted.getExpireTime().getSeconds() - Instant.now().getEpochSecond();
        assertTrue(lifetime > 500 && lifetime <= 600, "lives as long as asked: " + lifetime);
    }

    @Test
    void onlyAgentServiceMintsRunTokensForSpecsThatExist() {
        String project = newProject();
        Spec spec = create(project, "Run me");
        var agent = withToken(auth, TOKENS.service("agent-service"));
        CreateRunTokenRequest request = CreateRunTokenRequest.newBuilder().setRunId("r-1").setProject(project)
                .setSpecId(spec.getId()).setTtlSeconds(600).build();

        String admin = assertStatus(Status.Code.PERMISSION_DENIED, () -> auth.createRunToken(request));
        assertStatus(Status.Code.PERMISSION_DENIED,
                () -> withToken(auth, TOKENS.service("merge-service")).createRunToken(request));
        String noSpec = assertStatus(Status.Code.NOT_FOUND,
                () -> agent.createRunToken(request.toBuilder().setSpecId("2026-01-01-001-zzz").build()));
        assertStatus(Status.Code.NOT_FOUND, () -> agent.createRunToken(request.toBuilder().setProject(project + "-gone").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> agent.createRunToken(request.toBuilder().setRunId("").build()));
        String ttl = assertStatus(Status.Code.INVALID_ARGUMENT,
                () -> agent.createRunToken(request.toBuilder().setTtlSeconds(90_001).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> agent.createRunToken(request.toBuilder().setTtlSeconds(0).build()));

        assertTrue(admin.contains("only agent-service may call this"), admin);
        assertTrue(noSpec.contains("2026-01-01-001-zzz"), noSpec);
        assertTrue(ttl.contains("at most 90000 seconds"), ttl);
    }

    @Test
    void storedGrantsAreListedSetAndRemovedAndGiveTheirRights() {
        String project = newProject();
        String alice = TOKENS.user("alice", Map.of());
        CreateSpecRequest createSpec = CreateSpecRequest.newBuilder().setProject(project).setTitle("By alice").build();
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, alice).createSpec(createSpec));

        Member granted = setMember(auth, project, "alice", ProjectRole.PROJECT_ROLE_MEMBER);
        Spec created = withToken(specs, alice).createSpec(createSpec).getSpec();
        assertEquals(List.of(project), withToken(projects, alice).listProjects(ListProjectsRequest.getDefaultInstance())
                .getProjectsList().stream().map(Project::getName).filter(project::equals).toList());

        setMember(auth, project, "alice", ProjectRole.PROJECT_ROLE_VIEWER);
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, alice).createSpec(createSpec));
        assertTrue(auth.removeMember(RemoveMemberRequest.newBuilder().setProject(project).setSubject("alice").build())
                .getRemoved());
        assertFalse(auth.removeMember(RemoveMemberRequest.newBuilder().setProject(project).setSubject("alice").build())
                .getRemoved());
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(specs, alice)
                .getSpec(GetSpecRequest.newBuilder().setProject(project).setId(created.getId()).build()));

        assertEquals("alice", granted.getSubject());
        assertEquals("tester", granted.getGrantedBy());
        assertTrue(granted.hasGrantTime());
        assertEquals("alice", created.getCreatedBy());
        assertEquals(List.of(), members(project));
    }

    @Test
    void onlyAProjectAdminOrAPlatformAdminChangesMembers() {
        String project = newProject();
        setMember(auth, project, "vera", ProjectRole.PROJECT_ROLE_VIEWER);
        setMember(auth, project, "adam", ProjectRole.PROJECT_ROLE_ADMIN);
        var vera = withToken(auth, TOKENS.user("vera", Map.of()));
        var adam = withToken(auth, TOKENS.user("adam", Map.of()));
        List<Member> before = members(project);

        assertEquals(before, vera.listMembers(ListMembersRequest.newBuilder().setProject(project).build()).getMembersList());
        String set = assertStatus(Status.Code.PERMISSION_DENIED,
                () -> setMember(vera, project, "vera", ProjectRole.PROJECT_ROLE_ADMIN));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> vera.removeMember(RemoveMemberRequest.newBuilder()
                .setProject(project).setSubject("adam").build()));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> withToken(auth, TOKENS.user("outsider", Map.of()))
                .listMembers(ListMembersRequest.newBuilder().setProject(project).build()));
        assertTrue(set.contains("admin role in project '" + project + "'") && set.contains("holds only viewer"), set);
        assertEquals(before, members(project));

        Member byAdam = setMember(adam, project, "vera", ProjectRole.PROJECT_ROLE_APPROVER);
        assertEquals("adam", byAdam.getGrantedBy());
        assertEquals(List.of("adam", "vera"), members(project).stream().map(Member::getSubject).toList());
        assertStatus(Status.Code.NOT_FOUND, () -> setMember(auth, project + "-gone", "vera", ProjectRole.PROJECT_ROLE_VIEWER));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setMember(auth, project, "vera", ProjectRole.PROJECT_ROLE_UNSPECIFIED));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> setMember(auth, project, " vera", ProjectRole.PROJECT_ROLE_VIEWER));
    }

    @Test
    void manyConcurrentGrantsLoseNothingAndLeaveOneRowPerSubject() throws Exception {
        String project = newProject();
        ProjectRole[] roles = {ProjectRole.PROJECT_ROLE_VIEWER, ProjectRole.PROJECT_ROLE_MEMBER,
                ProjectRole.PROJECT_ROLE_APPROVER, ProjectRole.PROJECT_ROLE_ADMIN};
        int threads = 12;
        int perThread = 10;
        Map<String, ProjectRole> lastOwnGrant = new ConcurrentHashMap<>();

        Parallel.run(threads, perThread, i -> {
            int thread = i / perThread;
            ProjectRole role = roles[i % roles.length];
            // Each thread grants its own subject in turn, and every thread the shared one.
            setMember(auth, project, "user-" + thread, role);
            lastOwnGrant.put("user-" + thread, role);
            setMember(auth, project, "shared", role);
            return null;
        });

        List<Member> stored = members(project);
        Map<String, ProjectRole> byStoredSubject = new HashMap<>();
        stored.forEach(m -> byStoredSubject.put(m.getSubject(), m.getRole()));
        assertEquals(threads + 1, stored.size(), "one row per subject: " + stored);
        ProjectRole shared = byStoredSubject.remove("shared");
        assertEquals(lastOwnGrant, byStoredSubject, "each subject holds the role it was granted last");
        assertTrue(List.of(roles).contains(shared), "the shared subject holds one of the roles granted: " + shared);
    }
}
