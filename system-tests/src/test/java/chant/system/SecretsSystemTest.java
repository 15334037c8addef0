package chant.system;

import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.client.auth.BearerCredentials;
import chant.support.testing.ServiceProcess;
import chant.support.testing.TestTokens;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.ExportSpecsRequest;
import chant.v1.FollowLogRequest;
import chant.v1.GetMergeRequest;
import chant.v1.GetRunRequest;
import chant.v1.GetSpecRequest;
import chant.v1.MergeRequest;
import chant.v1.MergeServiceGrpc;
import chant.v1.MergeStatus;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Run;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.SubmitMergeRequest;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets go only where they are needed (issue 9). Recognisable secrets are seeded: a provider key
 * that the agent needs (handed to the command agent), a provider key it does not need (Claude's, for
 * another provider), the user's bearer token, and, through every token the platform mints (service
 * and run tokens), the JWT prefix {@code eyJ}. A spec is worked by an agent that writes its whole
 * environment into the repository and prints its key, then merged. Then every service log, every
 * file of the work roots, every row of every table of the database, the run's log and the project's
 * export are searched: none holds a seeded secret or a token; the agent's environment held its own
 * key and nothing else of them.
 */
class SecretsSystemTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String PROVIDER_KEY = "sk-seeded-provider-" + UUID.randomUUID();
    private static final String UNNEEDED_KEY = "sk-ant-seeded-" + UUID.randomUUID();
    /** Every JWT (header {"...) starts so in its compact form. */
    private static final String ANY_TOKEN = "eyJ";

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    private static final ServiceProcess AGENT_SERVICE = new ServiceProcess("agent-service", "CHANT_AGENT_PORT");
    private static final ServiceProcess MERGE_SERVICE = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");

    private static Path root;
    private static String userToken;
    private static ManagedChannel specChannel;
    private static ManagedChannel agentChannel;
    private static ManagedChannel mergeChannel;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("chant-secrets-");
        userToken = TestTokens.shared().platformAdmin("secrets-test");
        AGENT_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_AGENT_LOCAL_BACKEND", "true")
                .with("CHANT_AGENT_WORK_ROOT", root.resolve("agent-work").toString())
                // The agent: writes its environment into the worktree (the runner commits it) and prints its key.
                .with("CHANT_AGENT_COMMAND", "[\"/bin/sh\", \"-c\", \"env > agent-env.txt;"
                        + " echo key=$SEEDED_PROVIDER_KEY; echo done\"]")
                .with("CHANT_AGENT_COMMAND_ENV", "SEEDED_PROVIDER_KEY")
                .with("SEEDED_PROVIDER_KEY", PROVIDER_KEY)
                .with("CHANT_ANTHROPIC_API_KEY", UNNEEDED_KEY);
        AGENT_SERVICE.beforeAll(null);
        MERGE_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_MERGE_WORK_ROOT", root.resolve("merge-work").toString())
                .with("CHANT_MERGE_DISPATCH_INTERVAL", "1s");
        MERGE_SERVICE.beforeAll(null);
        specChannel = Channels.plaintext(ServiceAddress.parse(SPEC_SERVICE.address(), 8181));
        agentChannel = Channels.plaintext(ServiceAddress.parse(AGENT_SERVICE.address(), 8182));
        mergeChannel = Channels.plaintext(ServiceAddress.parse(MERGE_SERVICE.address(), 8183));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ManagedChannel channel : new ManagedChannel[] {specChannel, agentChannel, mergeChannel}) {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
        MERGE_SERVICE.afterAll(null);
        AGENT_SERVICE.afterAll(null);
    }

    @Test
    void noSeededSecretOrTokenIsInAnyLogRecordOrExport() throws Exception {
        String project = "secrets-" + UUID.randomUUID().toString().substring(0, 8);
        Path remote = LocalGit.bareRemote(root, project);
        ProjectServiceGrpc.newBlockingStub(specChannel).withCallCredentials(credentials())
                .withDeadlineAfter(20, TimeUnit.SECONDS)
                .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(project)
                        .setRepoUrl(remote.toString())).build());
        String specId = specs().createSpec(CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Write down what the agent sees").setBody("The agent records its environment.\n").build())
                .getSpec().getId();
        Run run = runs().enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId)
                .setProvider("command").setTimeoutSeconds(120).build()).getRun();
        Run ended = awaitRun(run.getId());
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, ended.getStatus(), ended.getEndReason());

        // The agent that needed its key had it, and nothing else that is secret.
        String agentEnv = LocalGit.run(remote, "show", "chant/" + specId + ":agent-env.txt");
        assertTrue(agentEnv.contains(PROVIDER_KEY), "the command agent got the key it is configured to get");
        assertFalse(agentEnv.contains(UNNEEDED_KEY), "Claude's key never reaches another provider's agent");
        assertFalse(agentEnv.contains(ANY_TOKEN), "no token reaches the agent:\n" + agentEnv);
        for (String setting : List.of("CHANT_AUTH", "CHANT_RUN", "CHANT_RUNNER", "CHANT_DB", "CHANT_ANTHROPIC", "CHANT_AGENT_COMMAND")) {
            assertFalse(agentEnv.contains(setting), setting + " (a setting of the services or the runner) reaches the"
                    + " agent:\n" + agentEnv);
        }

        String log = followLog(run.getId());
        assertTrue(log.contains("key="), log);
        // The run's result reaches the spec after the run has ended (delivered from agent-service's outbox).
        await().atMost(DEADLINE).until(() -> specs().getSpec(GetSpecRequest.newBuilder().setProject(project).setId(specId)
                .build()).getSpec().getStatus() == SpecStatus.SPEC_STATUS_COMPLETED);

        MergeRequest merge = merges().submitMerge(SubmitMergeRequest.newBuilder().setProject(project)
                .addSpecIds(specId).setRequestId(UUID.randomUUID().toString()).build()).getMerge();
        MergeRequest[] last = new MergeRequest[1];
        await().atMost(DEADLINE).until(() -> {
            last[0] = merges().getMerge(GetMergeRequest.newBuilder().setMergeId(merge.getId()).build()).getMerge();
            return last[0].getStatus() == MergeStatus.MERGE_STATUS_DONE || last[0].getStatus() == MergeStatus.MERGE_STATUS_STOPPED;
        });
        assertEquals(MergeStatus.MERGE_STATUS_DONE, last[0].getStatus(), last[0].toString());

        Map<String, String> haystacks = new LinkedHashMap<>();
        haystacks.put("the run's log", log);
        haystacks.put("the project's export", export(project));
        haystacks.put("spec-service's log", Files.readString(SPEC_SERVICE.log()));
        haystacks.put("agent-service's log", Files.readString(AGENT_SERVICE.log()));
        haystacks.put("merge-service's log", Files.readString(MERGE_SERVICE.log()));
        haystacks.putAll(filesUnder(root.resolve("agent-work")));
        haystacks.putAll(filesUnder(root.resolve("merge-work")));
        haystacks.putAll(databaseRows());
        assertTrue(haystacks.size() > 10, "searched: " + haystacks.keySet());

        List<String> found = new ArrayList<>();
        haystacks.forEach((where, text) -> {
            for (Map.Entry<String, String> needle : Map.of("the agent's provider key", PROVIDER_KEY,
                    "Claude's key", UNNEEDED_KEY, "the user's token", userToken, "a token", ANY_TOKEN).entrySet()) {
                if (text.contains(needle.getValue())) {
                    found.add(needle.getKey() + " in " + where);
                }
            }
        });
        assertEquals(List.of(), found);
    }

    // ---- where secrets could end up ----

    private static String followLog(long runId) {
        StringBuilder text = new StringBuilder();
        runs().followLog(FollowLogRequest.newBuilder().setRunId(runId).build())
                .forEachRemaining(chunk -> text.append(chunk.getData().toStringUtf8()));
        return text.toString();
    }

    private static String export(String project) {
        StringBuilder text = new StringBuilder();
        specs().exportSpecs(ExportSpecsRequest.newBuilder().setProject(project).build())
                .forEachRemaining(file -> text.append(file.getPath()).append('\n').append(file.getContent().toStringUtf8()));
        return text.toString();
    }

    /** Every regular file of a work root but git's own files and the agent's environment, which the test put there on purpose. */
    private static Map<String, String> filesUnder(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String path = file.toString();
                if (path.contains("/.git/") || path.contains("/objects/") || file.getFileName().toString().equals("agent-env.txt")
                        || Files.size(file) > 5_000_000) {
                    continue;
                }
                files.put(path, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** Every row of every table of the services' schemas, as text. */
    private static Map<String, String> databaseRows() throws Exception {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Connection db = TestDatabase.connect(); Statement list = db.createStatement();
                ResultSet names = list.executeQuery("select table_schema, table_name from information_schema.tables"
                        + " where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')")) {
            List<String> qualified = new ArrayList<>();
            while (names.next()) {
                qualified.add("\"" + names.getString(1) + "\".\"" + names.getString(2) + "\"");
            }
            for (String table : qualified) {
                StringBuilder rows = new StringBuilder();
                try (Statement select = db.createStatement(); ResultSet rs = select.executeQuery("select t::text from " + table + " t")) {
                    while (rs.next()) {
                        rows.append(rs.getString(1)).append('\n');
                    }
                }
                tables.put("table " + table, rows.toString());
            }
        }
        return tables;
    }

    // ---- clients ----

    private static BearerCredentials credentials() {
        return BearerCredentials.of(userToken);
    }

    private static Run awaitRun(long runId) {
        Run[] last = new Run[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = runs().getRun(GetRunRequest.newBuilder().setRunId(runId).build()).getRun();
            return last[0].getStatus().getNumber() >= RunStatus.RUN_STATUS_SUCCEEDED_VALUE;
        });
        return last[0];
    }

    private static SpecServiceGrpc.SpecServiceBlockingStub specs() {
        return SpecServiceGrpc.newBlockingStub(specChannel).withCallCredentials(credentials())
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static RunServiceGrpc.RunServiceBlockingStub runs() {
        return RunServiceGrpc.newBlockingStub(agentChannel).withCallCredentials(credentials())
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static MergeServiceGrpc.MergeServiceBlockingStub merges() {
        return MergeServiceGrpc.newBlockingStub(mergeChannel).withCallCredentials(credentials())
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
