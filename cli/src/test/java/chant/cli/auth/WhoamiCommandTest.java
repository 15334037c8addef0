package chant.cli.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import chant.cli.testing.InProcessCliTest;
import chant.v1.AuthServiceGrpc;
import chant.v1.PrincipalKind;
import chant.v1.ProjectGrant;
import chant.v1.ProjectRole;
import chant.v1.WhoAmIRequest;
import chant.v1.WhoAmIResponse;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code chant whoami}: who spec-service takes you for, never the token. */
class WhoamiCommandTest extends InProcessCliTest {

    @Test
    void printsSubjectKindAdminRolesExpiryAndWhereTheTokenCameFrom() {
        server.reply(AuthServiceGrpc.getWhoAmIMethod(), WhoAmIResponse.newBuilder().setSubject("alice")
                .setKind(PrincipalKind.PRINCIPAL_KIND_USER)
                .addRoles(ProjectGrant.newBuilder().setProject("api").setRole(ProjectRole.PROJECT_ROLE_VIEWER))
                .addRoles(ProjectGrant.newBuilder().setProject("web").setRole(ProjectRole.PROJECT_ROLE_APPROVER))
                .setExpireTime(Timestamp.newBuilder().setSeconds(1799000000L)).setIssuer("chant-platform").build());

        Result result = run("whoami");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of(
                "subject:        alice",
                "kind:           user",
                "platform admin: no",
                "roles:          api: viewer",
                "                web: approver",
                "expires:        2027-01-03T18:13:20Z",
                "issuer:         chant-platform",
                "token from:     $CHANT_TOKEN",
                "(as spec-service at localhost:8181 sees you)"), result.outLines());
        assertFalse(result.out().contains(TOKEN));
        assertEquals(List.of(WhoAmIRequest.getDefaultInstance()), server.requests(AuthServiceGrpc.getWhoAmIMethod()));
        assertEquals(List.of("Bearer " + TOKEN), authorizations);
    }

    @Test
    void aPlatformAdminWithoutRolesAndARunToken() {
        server.reply(AuthServiceGrpc.getWhoAmIMethod(),
                WhoAmIResponse.newBuilder().setSubject("admin").setKind(PrincipalKind.PRINCIPAL_KIND_USER)
                        .setPlatformAdmin(true).build(),
                WhoAmIResponse.newBuilder().setSubject("run:42").setKind(PrincipalKind.PRINCIPAL_KIND_RUN)
                        .setRunId("42").setRunProject("web").setRunSpecId("2026-01-22-001-x7m").build());

        Result admin = run("whoami");
        Result runner = run("whoami");

        assertEquals(List.of("subject:        admin", "kind:           user",
                "platform admin: yes (every role in every project)", "roles:          none",
                "expires:        never", "token from:     $CHANT_TOKEN", "(as spec-service at localhost:8181 sees you)"),
                admin.outLines());
        assertEquals("run:            42 (project web, spec 2026-01-22-001-x7m)", runner.outLines().get(3));
    }

    @Test
    void anExpiredTokenGivesTheVerifiersReasonInOneLine() {
        server.reply(AuthServiceGrpc.getWhoAmIMethod(), Status.UNAUTHENTICATED.withDescription(
                "the token expired at 2026-12-01T10:00:00Z"));

        Result result = run("whoami");

        assertEquals(14, result.exitCode(), result.toString());
        assertEquals(List.of("chant: spec-service at localhost:8181 did not accept your token: the token expired at "
                + "2026-12-01T10:00:00Z (chant whoami checks a token; chant token create makes one)"), result.errLines());
        assertEquals("", result.out());
    }
}
