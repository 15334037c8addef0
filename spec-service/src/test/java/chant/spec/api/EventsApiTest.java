package chant.spec.api;

import chant.v1.EventKind;
import chant.v1.ListSpecEventsRequest;
import chant.v1.Spec;
import chant.v1.SpecEvent;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.StringList;
import chant.v1.UpdateSpecRequest;
import chant.v1.WatchSpecEventsRequest;
import chant.v1.WatchSpecEventsResponse;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail and the live watch. */
@QuarkusTest
class EventsApiTest extends ApiTestBase {

    @GrpcClient("events")
    io.grpc.Channel channel;

    @Test
    void everyChangeIsAnEventWithItsActor() {
        String project = newProject();
        Spec spec = as("alice").createSpec(chant.v1.CreateSpecRequest.newBuilder().setProject(project)
                .setTitle("Spec").addLabels("triage").build()).getSpec();
        as("bob").updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setLabels(StringList.newBuilder().addValues("urgent")).build());
        transition(project, spec.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);

        List<SpecEvent> history = events.listSpecEvents(ListSpecEventsRequest.newBuilder().setProject(project)
                .setSpecId(spec.getId()).build()).getEventsList();

        assertEquals(List.of(EventKind.EVENT_KIND_CREATED, EventKind.EVENT_KIND_UPDATED, EventKind.EVENT_KIND_TRANSITIONED),
                history.stream().map(SpecEvent::getKind).toList());
        assertEquals(List.of("alice", "bob", "tester"), history.stream().map(SpecEvent::getActor).toList());
        assertEquals("labels: [triage]", history.get(1).getOldValue());
        assertEquals("labels: [urgent]", history.get(1).getNewValue());
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, history.get(2).getToStatus());
        assertTrue(history.get(0).getSequence() < history.get(1).getSequence());
    }

    @Test
    void aWatchResumedAfterADisconnectMissesNothing() throws Exception {
        String project = newProject();
        Watch first = watch(project, startingPoint(project));
        Spec a = create(project, "A");
        Spec b = create(project, "B");
        SpecEvent seenA = first.next();
        SpecEvent seenB = first.next();
        assertEquals(List.of(a.getId(), b.getId()), List.of(seenA.getSpecId(), seenB.getSpecId()));
        first.disconnect();

        Spec c = create(project, "C");
        transition(project, a.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);

        Watch resumed = watch(project, seenB.getSequence());
        SpecEvent missed1 = resumed.next();
        SpecEvent missed2 = resumed.next();
        resumed.disconnect();

        assertEquals(c.getId(), missed1.getSpecId());
        assertEquals(EventKind.EVENT_KIND_CREATED, missed1.getKind());
        assertEquals(a.getId(), missed2.getSpecId());
        assertEquals(EventKind.EVENT_KIND_TRANSITIONED, missed2.getKind());
        assertTrue(missed1.getSequence() > seenB.getSequence());
    }

    /**
     * Another replica's commit is simulated by writing the audit table directly: this process sees no
     * commit of its own, so only the notification every replica listens to can wake the watch. It
     * must come well before the watch's safety-net read ({@link chant.spec.audit.EventFeed#POLL_INTERVAL}),
     * and each event exactly once.
     */
    @Test
    void aWatchSeesAnEventCommittedThroughAnotherReplicaAtOnceAndOnce() throws Exception {
        String project = newProject();
        Watch watch = watch(project, startingPoint(project));
        long first = appendAsAnotherReplica(project, "OTHER-1");
        SpecEvent seen = watch.nextWithin(java.time.Duration.ofSeconds(5));
        long second = appendAsAnotherReplica(project, "OTHER-2");
        SpecEvent seenNext = watch.nextWithin(java.time.Duration.ofSeconds(5));
        Spec own = create(project, "Through this replica");
        SpecEvent seenOwn = watch.next();
        watch.disconnect();

        assertEquals(List.of(first, second), List.of(seen.getSequence(), seenNext.getSequence()));
        assertEquals(List.of("OTHER-1", "OTHER-2", own.getId()),
                List.of(seen.getSpecId(), seenNext.getSpecId(), seenOwn.getSpecId()));
        assertTrue(watch.received.isEmpty(), "nothing twice: " + watch.received);
    }

    /** Appends an event the way another spec-service replica would: its own connection, its own commit. */
    private static long appendAsAnotherReplica(String project, String specId) throws java.sql.SQLException {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
                java.sql.PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO spec.spec_event (project_id, spec_id, actor, kind)
                        SELECT id, ?, 'another-replica', 'UPDATED' FROM spec.project WHERE name = ?
                        RETURNING sequence""")) {
            insert.setString(1, specId);
            insert.setString(2, project);
            try (java.sql.ResultSet row = insert.executeQuery()) {
                assertTrue(row.next(), "project " + project + " is stored");
                return row.getLong(1);
            }
        }
    }

    @Test
    void aWatchFiltersByLabel() throws Exception {
        String project = newProject();
        Watch watch = new Watch(channel, WatchSpecEventsRequest.newBuilder().setProject(project)
                .setAfterSequence(startingPoint(project)).addLabels("issue-1234").build());
        create(project, "Unrelated", r -> r.addLabels("docs"));
        Spec wanted = create(project, "Wanted", r -> r.addLabels("issue-1234"));

        SpecEvent event = watch.next();
        watch.disconnect();

        assertEquals(wanted.getId(), event.getSpecId());
    }

    @Test
    void idleWatchesStayOpenAndEachGetsEveryLaterEvent() throws Exception {
        String project = newProject();
        long start = startingPoint(project);
        List<Watch> watches = java.util.stream.IntStream.range(0, 4).mapToObj(i -> watch(project, start)).toList();

        // Idle for several of the service's poll intervals: no watch may end meanwhile.
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(3)).atMost(java.time.Duration.ofSeconds(10))
                .until(() -> watches.stream().allMatch(w -> w.failure.get() == null && !w.completed.get()));
        Spec late = create(project, "Late");

        for (Watch w : watches) {
            assertEquals(late.getId(), w.next().getSpecId(), "failure: " + w.failure.get());
            w.disconnect();
        }
    }

    @Test
    void aWatchOpenedWhileOthersComeAndGoIsNotDisturbed() throws Exception {
        String project = newProject();
        long start = startingPoint(project);
        Watch steady = watch(project, start);
        for (int i = 0; i < 5; i++) {
            watch(project, start).disconnect();
        }
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(1500)).atMost(java.time.Duration.ofSeconds(10))
                .until(() -> steady.failure.get() == null && !steady.completed.get());
        Spec spec = create(project, "After the others left");

        assertEquals(spec.getId(), steady.next().getSpecId(), "failure: " + steady.failure.get());
        steady.disconnect();
    }

    @Test
    void aSlowWatcherOfALongBacklogHoldsTheServiceToWhatTheTransportTakesAndThenGetsItAll() throws Exception {
        String project = newProject();
        long start = startingPoint(project);
        // Each event carries its spec's labels twice (the labels and the created fields): about 80 KB, so that
        // the backlog is far more than the transport's window and buffers hold.
        List<String> labels = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "label-" + i + "-" + "x".repeat(1000))
                .toList();
        int backlog = 150;
        for (int i = 0; i < backlog; i++) {
            create(project, "Spec " + i, r -> r.addAllLabels(labels));
        }
        java.util.Set<chant.support.grpc.StreamPump<?>> others = java.util.Set.copyOf(watches.open());
        chant.support.testing.SlowStream<WatchSpecEventsRequest, WatchSpecEventsResponse> slow =
                chant.support.testing.SlowStream.start(SpecEventServiceGrpc.newStub(channel)::watchSpecEvents,
                        WatchSpecEventsRequest.newBuilder().setProject(project).setAfterSequence(start).build());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> slow.received().size() == 1 && ours(others) != null && !ours(others).busy());

        chant.support.grpc.StreamPump<?> pump = ours(others);
        long sentWhileHeld = pump.sent();
        assertTrue(sentWhileHeld < backlog, "a client that took 1 event made the service send " + sentWhileHeld
                + " of " + backlog + " (it reads only what the transport takes)");

        slow.request(Integer.MAX_VALUE);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> slow.received().size() == backlog);
        List<SpecEvent> events = slow.received().stream().map(WatchSpecEventsResponse::getEvent).toList();
        for (int i = 1; i < backlog; i++) {
            assertTrue(events.get(i).getSequence() > events.get(i - 1).getSequence(), "in order at " + i);
        }
        assertEquals(backlog, events.stream().map(SpecEvent::getSpecId).distinct().count(), "one per spec");
        slow.cancel();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(pump::stopped);
        assertTrue(!watches.open().contains(pump), "the cancelled watch is gone");
    }

    @jakarta.inject.Inject
    chant.spec.grpc.EventWatches watches;

    /** The one open watch stream that is not among {@code others}, or null. */
    private chant.support.grpc.StreamPump<?> ours(java.util.Set<chant.support.grpc.StreamPump<?>> others) {
        List<chant.support.grpc.StreamPump<?>> mine = watches.open().stream().filter(p -> !others.contains(p)).toList();
        return mine.size() == 1 ? mine.get(0) : null;
    }

    private Watch watch(String project, long after) {
        return new Watch(channel, WatchSpecEventsRequest.newBuilder().setProject(project).setAfterSequence(after).build());
    }

    /** The sequence of a first event in the project, to watch from without racing the server. */
    private long startingPoint(String project) {
        create(project, "Marker");
        return events.listSpecEvents(ListSpecEventsRequest.newBuilder().setProject(project).build())
                .getEvents(0).getSequence();
    }

    /** A watch call in the background, its events in a queue, cancellable like a dropped connection. */
    private static final class Watch {
        private final BlockingQueue<SpecEvent> received = new LinkedBlockingQueue<>();
        private final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicBoolean completed = new java.util.concurrent.atomic.AtomicBoolean();
        private final Context.CancellableContext context = Context.current().withCancellation();

        Watch(io.grpc.Channel channel, WatchSpecEventsRequest request) {
            context.run(() -> SpecEventServiceGrpc.newStub(channel).watchSpecEvents(request, new StreamObserver<>() {
                @Override
                public void onNext(WatchSpecEventsResponse value) {
                    received.add(value.getEvent());
                }

                @Override
                public void onError(Throwable t) {
                    failure.set(t);
                }

                @Override
                public void onCompleted() {
                    completed.set(true);
                }
            }));
        }

        SpecEvent nextWithin(java.time.Duration deadline) throws InterruptedException {
            SpecEvent event = received.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "an event arrived within " + deadline + " (failure: " + failure.get() + ")");
            return event;
        }

        SpecEvent next() throws InterruptedException {
            SpecEvent event = received.poll(30, TimeUnit.SECONDS);
            assertNotNull(event, "an event arrived within 30 s");
            return event;
        }

        void disconnect() {
            context.cancel(null);
        }
    }
}
