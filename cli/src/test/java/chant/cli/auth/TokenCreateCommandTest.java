package chant.cli.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.v1.AuthServiceGrpc;
import chant.v1.CreateTokenRequest;
import chant.v1.CreateTokenResponse;
import chant.v1.PrincipalKind;
import chant.v1.ProjectGrant;
import chant.v1.ProjectRole;
import chant.v1.WhoAmIResponse;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chant token create}: the token once, on standard output only, or only in a 0600 config file. */
class TokenCreateCommandTest extends InProcessCliTest {
    private static final String MINTED = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    /** 2027-01-03T12:00:00Z */
    private static final Timestamp EXPIRY = Timestamp.newBuilder().setSeconds(1799000000L).build();

    @TempDir
    Path tmp;

    private void replyMinted() {
        server.reply(AuthServiceGrpc.getCreateTokenMethod(), CreateTokenResponse.newBuilder().setToken(MINTED)
                .setTokenId("jti-1").setExpireTime(EXPIRY).build());
    }

    @Test
    void theTokenIsPrintedOnceOnStandardOutputAndNothingElseIs() {
        replyMinted();

        Result result = run("token", "create", "--user", "alice", "--role", "web=approver", "--role", "api=Viewer",
                "--platform-admin", "--ttl", "12h");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(MINTED + "\n", result.out());
        assertFalse(result.err().contains(MINTED), result.err());
        assertEquals(List.of("Token of user alice (platform admin, web: approver, api: viewer), expires "
                + "2027-01-03T18:13:20Z (id jti-1). It is shown once: keep it secret."), result.errLines());
        assertEquals(List.of(CreateTokenRequest.newBuilder().setSubject("alice").setPlatformAdmin(true)
                        .addRoles(ProjectGrant.newBuilder().setProject("web").setRole(ProjectRole.PROJECT_ROLE_APPROVER))
                        .addRoles(ProjectGrant.newBuilder().setProject("api").setRole(ProjectRole.PROJECT_ROLE_VIEWER))
                        .setTtlSeconds(12 * 3600).build()),
                server.requests(AuthServiceGrpc.getCreateTokenMethod()));
        assertEquals(List.of("Bearer " + TOKEN), authorizations);
    }

    @Test
    void aServiceTokenTakesNoRoles() {
        replyMinted();

        Result service = run("token", "create", "--user", "merge-service", "--service", "--ttl", "1d");
        Result withRole = run("token", "create", "--user", "merge-service", "--service", "--role", "web=admin");

        assertEquals(0, service.exitCode(), service.toString());
        assertEquals(List.of(CreateTokenRequest.newBuilder().setSubject("merge-service").setService(true)
                .setTtlSeconds(86_400).build()), server.requests(AuthServiceGrpc.getCreateTokenMethod()));
        assertEquals(2, withRole.exitCode(), withRole.toString());
        assertEquals(List.of("chant: --service makes a service identity with fixed rights: leave out --role and "
                + "--platform-admin"), withRole.errLines());
    }

    @Test
    void badRolesAndLifetimesAreUsageErrorsBeforeAnyCall() {
        Result role = run("token", "create", "--user", "alice", "--role", "web=owner");
        Result noProject = run("token", "create", "--user", "alice", "--role", "approver");
        Result ttl = run("token", "create", "--user", "alice", "--ttl", "30");
        Result noUser = run("token", "create");

        assertEquals(2, role.exitCode(), role.toString());
        assertEquals(List.of("chant: --role: unknown role 'owner' (roles: viewer, member, approver, admin)"),
                role.errLines());
        assertEquals(2, noProject.exitCode());
        assertEquals(List.of("chant: --role takes PROJECT=ROLE, not 'approver' (roles: viewer, member, approver, admin)"),
                noProject.errLines());
        assertEquals(2, ttl.exitCode());
        assertEquals(List.of("chant: --ttl takes a number more than 0 and a unit: 30d, 12h, 90m or 45s, not '30'"),
                ttl.errLines());
        assertEquals(2, noUser.exitCode());
        assertEquals(List.of(), calls);
    }

    @Test
    void onlyAPlatformAdminMayAndTheServerSaysWhy() {
        server.reply(AuthServiceGrpc.getCreateTokenMethod(), Status.PERMISSION_DENIED.withDescription(
                "CreateToken needs a platform admin: user bob is none"));

        Result result = run("token", "create", "--user", "alice");

        assertEquals(15, result.exitCode(), result.toString());
        assertEquals(List.of("chant: permission denied: CreateToken needs a platform admin: user bob is none"),
                result.errLines());
    }

    @Test
    void saveWritesTheTokenToA0600ConfigFileKeepingItsOtherLinesAndPrintsItNowhere() throws IOException {
        Path config = tmp.resolve("cli.properties");
        Files.writeString(config, "# mine\nspec.server=localhost:8181\ntoken=old-token\nproject=web\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        env.put("CHANT_CONFIG", config.toString());
        env.remove("CHANT_TOKEN");
        replyMinted();

        Result result = run("token", "create", "--user", "alice", "--save");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("Saved the token of user alice, expires 2027-01-03T18:13:20Z to " + config
                + " (token=, mode 0600)."), result.outLines());
        assertEquals("", result.err());
        assertFalse(result.out().contains(MINTED));
        assertEquals("# mine\nspec.server=localhost:8181\ntoken=" + MINTED + "\nproject=web\n", Files.readString(config));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(config), files.toList(), "no temporary file is left");
        }
        // The old token from the file made the call; the saved one makes the next.
        assertEquals(List.of("Bearer old-token"), authorizations);
        server.reply(AuthServiceGrpc.getWhoAmIMethod(), WhoAmIResponse.newBuilder().setSubject("alice")
                .setKind(PrincipalKind.PRINCIPAL_KIND_USER).build());
        assertEquals(0, run("whoami").exitCode());
        assertEquals(List.of("Bearer old-token", "Bearer " + MINTED), authorizations);
    }

    @Test
    void saveCreatesTheConfigFileAndItsFolderForTheOwnerOnly() throws IOException {
        Path config = tmp.resolve("home/.config/chant/cli.properties");
        env.put("CHANT_CONFIG", config.toString());
        replyMinted();

        Result result = run("token", "create", "--user", "alice", "--save");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("token=" + MINTED + "\n", Files.readString(config));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())));
        // CHANT_TOKEN is still set: it wins over the saved token, and the note says so.
        assertEquals(List.of("chant: note: $CHANT_TOKEN is used before the config file's token; unset it to use the "
                + "saved one."), result.errLines());
        assertFalse(result.out().contains(MINTED) || result.err().contains(MINTED));
    }

    @Test
    void saveWithNowhereToWriteStopsBeforeATokenIsMade() throws IOException {
        Path plain = Files.writeString(tmp.resolve("plain"), "a file, not a folder");
        Path config = plain.resolve("cli.properties");
        env.put("CHANT_CONFIG", config.toString());
        replyMinted();

        Result result = run("token", "create", "--user", "alice", "--save");

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(List.of("chant: cannot write the config file " + config + ": " + plain + " is not a folder"),
                result.errLines());
        assertEquals(List.of(), server.requests(AuthServiceGrpc.getCreateTokenMethod()));
    }
}
