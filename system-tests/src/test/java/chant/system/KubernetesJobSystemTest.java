package chant.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.client.auth.BearerCredentials;
import chant.support.testing.ServiceProcess;
import chant.support.testing.TestTokens;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.EnqueueRunRequest;
import chant.v1.FollowLogRequest;
import chant.v1.GetMergeRequest;
import chant.v1.GetRunRequest;
import chant.v1.ListRunsRequest;
import chant.v1.MergeItem;
import chant.v1.MergeOutcome;
import chant.v1.MergeRequest;
import chant.v1.MergeServiceGrpc;
import chant.v1.MergeStatus;
import chant.v1.RunKind;
import chant.v1.SubmitMergeRequest;
import chant.v1.GetSpecRequest;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Run;
import chant.v1.RunServiceGrpc;
import chant.v1.RunStatus;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.grpc.ManagedChannel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run through agent-service's Kubernetes backend, end to end, with the real runner in its Job
 * (issue 10). The API server is fabric8's mock (CRUD mode); {@link Kubelet} runs each Job's container
 * command as a process, in an image built from agent-service's Dockerfile's {@code COPY} lines, with
 * the container's environment alone and its volumes as directories. So what the Job says is what
 * runs: the command and the runner's class path against the image's layout, the variables, the
 * token from its Secret, the work root on the emptyDir. The runner clones the project's remote, runs
 * the demo agent, commits, pushes its branch and reports over gRPC with the run's token.
 */
class KubernetesJobSystemTest {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String NAMESPACE = "chant-runs";

    @RegisterExtension
    static final ServiceProcess SPEC_SERVICE = new ServiceProcess("spec-service", "CHANT_SPEC_PORT");

    private static final ServiceProcess AGENT_SERVICE = new ServiceProcess("agent-service", "CHANT_AGENT_PORT");
    private static final ServiceProcess MERGE_SERVICE = new ServiceProcess("merge-service", "CHANT_MERGE_PORT");

    private static Path root;
    private static KubernetesMockServer api;
    private static KubernetesClient client;
    private static Kubelet kubelet;
    private static ManagedChannel specChannel;
    private static ManagedChannel agentChannel;
    private static ManagedChannel mergeChannel;
    private static final BearerCredentials USER = BearerCredentials.of(TestTokens.shared().platformAdmin("k8s-test"));

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("chant-k8s-");
        int apiPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            apiPort = socket.getLocalPort();
        }
        api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
                false);
        api.init(InetAddress.getLoopbackAddress(), apiPort);
        client = api.createClient();
        Path agentService = Path.of("..", "agent-service").toAbsolutePath().normalize();
        Path image = Kubelet.imageFromDockerfile(agentService.resolve("src/main/docker/Dockerfile.jvm"), agentService,
                root.resolve("image"));
        kubelet = new Kubelet(client, NAMESPACE, image, Files.createDirectories(root.resolve("pods")));
        AGENT_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_AGENT_BACKEND", "kubernetes")
                .with("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", "http://127.0.0.1:" + apiPort)
                .with("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true")
                .with("CHANT_AGENT_K8S_NAMESPACE", NAMESPACE)
                // What the cluster's Services would be: the runner reports to this agent-service, reads spec-service.
                .with("CHANT_AGENT_K8S_AGENT_SERVER", () -> AGENT_SERVICE.address())
                .with("CHANT_AGENT_K8S_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_AGENT_WORK_ROOT", root.resolve("agent-work").toString())
                .with("CHANT_AGENT_PROVIDER", "demo");
        AGENT_SERVICE.beforeAll(null);
        // As the manifests set it: the verify gate runs as verify runs of agent-service, so as Jobs.
        MERGE_SERVICE.with("CHANT_SPEC_SERVER", SPEC_SERVICE.address())
                .with("CHANT_AGENT_SERVER", () -> AGENT_SERVICE.address())
                .with("CHANT_MERGE_WORK_ROOT", root.resolve("merge-work").toString())
                .with("CHANT_MERGE_DISPATCH_INTERVAL", "1s")
                .with("CHANT_MERGE_VERIFY_WHERE", "agent-service");
        MERGE_SERVICE.beforeAll(null);
        mergeChannel = Channels.plaintext(ServiceAddress.parse(MERGE_SERVICE.address(), 8183));
        specChannel = Channels.plaintext(ServiceAddress.parse(SPEC_SERVICE.address(), 8181));
        agentChannel = Channels.plaintext(ServiceAddress.parse(AGENT_SERVICE.address(), 8182));
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
        if (kubelet != null) {
            kubelet.close();
        }
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.destroy();
        }
        if (root != null) {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aRunIsAJobWhoseRunnerClonesRunsTheAgentPushesItsBranchAndReports() throws Exception {
        String project = "k8s-" + UUID.randomUUID().toString().substring(0, 8);
        Path remote = LocalGit.bareRemote(root, project);
        ProjectServiceGrpc.newBlockingStub(specChannel).withCallCredentials(USER).withDeadlineAfter(20, TimeUnit.SECONDS)
                .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(project)
                        .setRepoUrl(remote.toString()).setVerifyTimeoutSeconds(60)
                        .addAllVerifyCommand(List.of("sh", "-c", "test -f notes/hello.txt && echo verified in a Job")))
                        .build());
        String specId = specs().createSpec(CreateSpecRequest.newBuilder().setProject(project).setTitle("Greet from a Job")
                .setBody("""
                        The demo agent writes the greeting in its Job's pod.

                        ```chant-demo
                        write notes/hello.txt
                        hello from a Job
                        end
                        check all
                        commit greet from a Job
                        ```

                        ## Acceptance Criteria

                        - [ ] notes/hello.txt holds the greeting
                        """).build()).getSpec().getId();

        Run run = runs().enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId)
                .setTimeoutSeconds(300).build()).getRun();
        assertEquals("kubernetes", run.getBackend());
        // The Job as the backend made it (it deletes the Job once the run has ended and the Job is of no more use).
        Job job = await().atMost(DEADLINE).until(() -> client.batch().v1().jobs().inNamespace(NAMESPACE)
                .withLabel("chant.dev/run", String.valueOf(run.getId())).list().getItems(), l -> !l.isEmpty()).get(0);
        String jobName = job.getMetadata().getName();
        Run[] last = new Run[1];
        await().atMost(DEADLINE).until(() -> {
            last[0] = runs().getRun(GetRunRequest.newBuilder().setRunId(run.getId()).build()).getRun();
            return List.of(RunStatus.RUN_STATUS_SUCCEEDED, RunStatus.RUN_STATUS_FAILED, RunStatus.RUN_STATUS_TIMED_OUT,
                    RunStatus.RUN_STATUS_CANCELLED, RunStatus.RUN_STATUS_LOST).contains(last[0].getStatus());
        });
        String podOutput = kubelet.output(jobName);
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, last[0].getStatus(), last[0] + "\nthe pod printed:\n" + podOutput);
        assertEquals(1, last[0].getAttempt(), "one Job, one attempt");

        // The runner in the pod pushed the agent's commit and reported it.
        String branch = "chant/" + specId;
        assertEquals("hello from a Job\n", LocalGit.run(remote, "show", branch + ":notes/hello.txt"));
        assertEquals(LocalGit.run(remote, "rev-parse", "refs/heads/" + branch).strip(), last[0].getHeadCommit());
        await().atMost(DEADLINE).until(() -> kubelet.exitCode(jobName).isPresent());
        assertEquals(0, kubelet.exitCode(jobName).orElseThrow(), podOutput);

        String log = log(run.getId());
        assertTrue(log.contains("chant: run " + run.getId() + " (attempt 1) of spec " + specId), log);
        assertTrue(log.contains("[demo agent] finished: success"), log);
        assertTrue(log.contains("chant: pushed 1 commit to " + branch + "\n"), log);
        await().atMost(DEADLINE).until(() -> specs().getSpec(GetSpecRequest.newBuilder().setProject(project).setId(specId)
                .build()).getSpec().getStatus() == SpecStatus.SPEC_STATUS_COMPLETED);

        // The token reached the container through its Secret only, and neither the Job nor the log holds it.
        String token = client.secrets().inNamespace(NAMESPACE).withName(jobName + "-token").get().getStringData().get("token");
        assertTrue(token.startsWith("eyJ"), "the run's token is in the Job's Secret");
        assertFalse(io.fabric8.kubernetes.client.utils.Serialization.asJson(job).contains(token));
        assertFalse(log.contains(token), "the run's log does not hold its token");
        assertFalse(podOutput.contains(token), "the runner's own output does not hold its token");

        // The merge: merge-service's verify gate is a verify run, so a Job of its own, on the merge result.
        MergeRequest merge = MergeServiceGrpc.newBlockingStub(mergeChannel).withCallCredentials(USER)
                .withDeadlineAfter(20, TimeUnit.SECONDS).submitMerge(SubmitMergeRequest.newBuilder().setProject(project)
                        .addSpecIds(specId).setRequestId(UUID.randomUUID().toString()).build()).getMerge();
        MergeRequest[] merged = new MergeRequest[1];
        await().atMost(DEADLINE).until(() -> {
            merged[0] = MergeServiceGrpc.newBlockingStub(mergeChannel).withCallCredentials(USER)
                    .withDeadlineAfter(20, TimeUnit.SECONDS).getMerge(GetMergeRequest.newBuilder().setMergeId(merge.getId())
                            .build()).getMerge();
            return merged[0].getStatus() == MergeStatus.MERGE_STATUS_DONE
                    || merged[0].getStatus() == MergeStatus.MERGE_STATUS_STOPPED;
        });
        List<Run> verifyRuns = runs().listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsList()
                .stream().filter(r -> r.getKind() == RunKind.RUN_KIND_VERIFY).toList();
        assertEquals(1, verifyRuns.size(), "one verify run: " + verifyRuns);
        Run verify = verifyRuns.get(0);
        String verifyJob = "chant-run-" + verify.getId() + "-1";
        assertEquals(MergeStatus.MERGE_STATUS_DONE, merged[0].getStatus(), merged[0] + "\nthe verify Job printed:\n"
                + kubelet.output(verifyJob));
        MergeItem item = merged[0].getItems(0);
        assertEquals(MergeOutcome.MERGE_OUTCOME_MERGED, item.getOutcome());
        assertEquals("verified in a Job\n", item.getVerify().getOutputTail());
        assertEquals(item.getTargetAfter(), verify.getVerify().getCommit(), "main moved to the commit the Job verified");
        assertEquals(item.getTargetAfter(), LocalGit.run(remote, "rev-parse", "refs/heads/main").strip());
        assertEquals("hello from a Job\n", LocalGit.run(remote, "show", "main:notes/hello.txt"));
        assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, verify.getStatus());
        assertTrue(log(verify.getId()).contains("[verify] verified in a Job"), log(verify.getId()));
        await().atMost(DEADLINE).until(() -> kubelet.exitCode(verifyJob).isPresent());
        assertEquals(0, kubelet.exitCode(verifyJob).orElseThrow(), kubelet.output(verifyJob));
        assertEquals("", LocalGit.run(remote, "for-each-ref", "refs/chant/verify/").strip(), "the verify ref is gone");
    }

    private static SpecServiceGrpc.SpecServiceBlockingStub specs() {
        return SpecServiceGrpc.newBlockingStub(specChannel).withCallCredentials(USER).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static RunServiceGrpc.RunServiceBlockingStub runs() {
        return RunServiceGrpc.newBlockingStub(agentChannel).withCallCredentials(USER).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static String log(long runId) {
        StringBuilder text = new StringBuilder();
        runs().followLog(FollowLogRequest.newBuilder().setRunId(runId).build())
                .forEachRemaining(chunk -> text.append(chunk.getData().toStringUtf8()));
        return text.toString();
    }
}
