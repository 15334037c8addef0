package chant.agent.api;

import chant.v1.ClaimRunResponse;
import chant.v1.EnqueueRunRequest;
import chant.v1.ListRunsRequest;
import chant.v1.Run;
import chant.v1.RunOutcome;
import chant.v1.RunStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue under concurrent clients: the database keeps one active run per spec, and claimers
 * never exceed the limits of the test profile (5 active runs, 2 per project).
 */
@QuarkusTest
class ConcurrentQueueTest extends RunApiTestBase {

    private static final Logger LOG = Logger.getLogger(ConcurrentQueueTest.class);
    private static final int GLOBAL_LIMIT = 5;
    private static final int PROJECT_LIMIT = 2;
    private static final int CLAIMERS = 16;
    private static final int RUNS = 40;

    @Test
    void concurrentEnqueuesOfOneSpecCreateExactlyOneRun() throws Exception {
        String project = newProject();
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        ConcurrentLinkedQueue<Long> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        created.add(runs.enqueueRun(EnqueueRunRequest.newBuilder().setProject(project)
                                .setSpecId("contended").build()).getRun().getId());
                    } catch (StatusRuntimeException e) {
                        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode(),
                                e.getStatus().getDescription());
                        refusals.add(e.getStatus().getDescription());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, created.size(), "exactly one EnqueueRun succeeds");
        assertEquals(threads - 1, refusals.size());
        long id = created.peek();
        // Refused by the database's one-active-run index, or (once the winner moved the spec on) by spec-service.
        refusals.forEach(message -> assertTrue(message.startsWith("spec contended already has run " + id + " (queued)")
                || message.startsWith("spec contended is in_progress, not ready to work"), message));
        assertEquals(1, runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsCount());
    }

    @Test
    void concurrentClaimersNeverExceedTheLimitsAndClaimEveryRunOnce() throws Exception {
        String[] projects = {newProject(), newProject(), newProject()};
        Set<Long> enqueued = new HashSet<>();
        for (int i = 0; i < RUNS; i++) {
            enqueued.add(enqueue(projects[i % projects.length], "spec-" + i).getId());
        }

        Map<Long, String> claimedBy = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger mostActive = new AtomicInteger();
        Map<String, AtomicInteger> activeByProject = new ConcurrentHashMap<>();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger emptyClaims = new AtomicInteger();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));

        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < CLAIMERS; t++) {
                String runnerId = "runner-" + t;
                futures.add(pool.submit(() -> {
                    while (finished.get() < RUNS && Instant.now().isBefore(deadline)) {
                        ClaimRunResponse claim = claim(runnerId);
                        if (!claim.getClaimed()) {
                            emptyClaims.incrementAndGet();
                            Thread.onSpinWait();
                            continue;
                        }
                        Run run = claim.getRun();
                        // What the database holds right after this claim: never above a limit.
                        long[] counts = claimedCounts();
                        if (counts[0] > GLOBAL_LIMIT || counts[1] > PROJECT_LIMIT) {
                            problems.add("after claiming run " + run.getId() + ": " + counts[0] + " active, "
                                    + counts[1] + " in one project");
                        }
                        // What the claimers hold (counted after the claim committed, before the finish
                        // is sent): never above a limit either.
                        int now = active.incrementAndGet();
                        mostActive.accumulateAndGet(now, Math::max);
                        int inProject = activeByProject.computeIfAbsent(run.getProject(), p -> new AtomicInteger())
                                .incrementAndGet();
                        if (now > GLOBAL_LIMIT || inProject > PROJECT_LIMIT) {
                            problems.add("claimers hold " + now + " runs, " + inProject + " of " + run.getProject());
                        }
                        String earlier = claimedBy.putIfAbsent(run.getId(), runnerId);
                        if (earlier != null) {
                            problems.add("run " + run.getId() + " claimed by " + earlier + " and " + runnerId);
                        }
                        if (claim.getLease().getEpoch() != 1 || run.getAttempt() != 1) {
                            problems.add("run " + run.getId() + " has epoch " + claim.getLease().getEpoch());
                        }
                        // Work a little: a few heartbeats, so that claims overlap.
                        for (int beat = 0; beat < 1 + run.getId() % 3; beat++) {
                            heartbeat(run.getId(), claim.getLease().getEpoch());
                        }
                        activeByProject.get(run.getProject()).decrementAndGet();
                        active.decrementAndGet();
                        finish(run.getId(), claim.getLease().getEpoch(), RunOutcome.RUN_OUTCOME_SUCCEEDED, "done");
                        finished.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        LOG.infof("at most %d runs were held at once; %d claims found nothing to start", mostActive.get(),
                emptyClaims.get());
        assertEquals(List.of(), List.copyOf(problems));
        assertEquals(enqueued, claimedBy.keySet(), "every run was claimed exactly once");
        assertEquals(RUNS, finished.get());
        for (String project : projects) {
            runs.listRuns(ListRunsRequest.newBuilder().setProject(project).build()).getRunsList().forEach(run -> {
                assertEquals(RunStatus.RUN_STATUS_SUCCEEDED, run.getStatus());
                assertEquals(1, run.getLeaseEpoch());
            });
        }
    }
}
