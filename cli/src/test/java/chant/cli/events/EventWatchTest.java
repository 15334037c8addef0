package chant.cli.events;

import static chant.cli.events.Events.watched;
import static chant.cli.testing.ScriptedServices.streamThenFail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.config.ClientConfig;
import chant.cli.rpc.Connection;
import chant.cli.testing.InProcessCliTest;
import chant.v1.SpecEvent;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.WatchSpecEventsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconnect logic against the in-process server, through the real Connection stub (so the
 * "reached the server" signal is the real one). Pauses advance a fake clock instead of sleeping.
 */
class EventWatchTest extends InProcessCliTest {
    private static final WatchSpecEventsRequest REQUEST = WatchSpecEventsRequest.newBuilder()
            .setProject(PROJECT).addLabels("ui").build();

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final List<SpecEvent> events = new CopyOnWriteArrayList<>();
    private final List<Long> resumedAfter = new CopyOnWriteArrayList<>();
    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    void closeConnections() {
        connections.forEach(Connection::close);
    }

    private Connection connect(boolean live) {
        Connection connection = Connection.open((service, address) -> live ? channel()
                        : InProcessChannelBuilder.forName("nobody-listens-here").build(),
                ClientConfig.defaults("tester", Optional.of(PROJECT)));
        connections.add(connection);
        return connection;
    }

    /** A watch whose n-th attempt (from 1) reaches the server when {@code live} says so. */
    private EventWatch watch(IntPredicate live) {
        Connection up = connect(true);
        Connection down = connect(false);
        AtomicInteger attempt = new AtomicInteger();
        return new EventWatch((request, onConnected) -> (live.test(attempt.incrementAndGet()) ? up : down)
                .eventWatch(onConnected).watchSpecEvents(request),
                pause -> {
                    pauses.add(pause);
                    nanos.addAndGet(pause.toNanos());
                },
                nanos::get);
    }

    private final EventWatch.Listener listener = new EventWatch.Listener() {
        @Override
        public void event(SpecEvent event) {
            events.add(event);
        }

        @Override
        public void reconnecting(Status status, Duration pause, long afterSequence) {
            resumedAfter.add(afterSequence);
        }
    };

    private List<Long> sequences() {
        return events.stream().map(SpecEvent::getSequence).toList();
    }

    private List<Long> requestedAfter() {
        return server.requests(SpecEventServiceGrpc.getWatchSpecEventsMethod()).stream()
                .map(WatchSpecEventsRequest::getAfterSequence).toList();
    }

    @Test
    void resumesAfterTheLastEventWhenTheStreamFails() throws Exception {
        server.reply(SpecEventServiceGrpc.getWatchSpecEventsMethod(),
                streamThenFail(Status.UNAVAILABLE.withDescription("server restarting"), watched(11), watched(12)),
                List.of(watched(13), watched(14)));

        long last = watch(attempt -> true).run(REQUEST.toBuilder().setAfterSequence(10).build(), listener);

        assertEquals(14, last);
        assertEquals(List.of(11L, 12L, 13L, 14L), sequences());
        assertEquals(List.of(10L, 12L), requestedAfter());
        List<WatchSpecEventsRequest> requests = server.requests(SpecEventServiceGrpc.getWatchSpecEventsMethod());
        assertEquals(REQUEST.toBuilder().setAfterSequence(12).build(), requests.get(1));
        assertEquals(List.of(Duration.ofMillis(500)), pauses);
        assertEquals(List.of(12L), resumedAfter);
    }

    @Test
    void eventsAtOrBeforeTheLastOneAreNotHandedOutTwice() throws Exception {
        server.reply(SpecEventServiceGrpc.getWatchSpecEventsMethod(),
                streamThenFail(Status.UNAVAILABLE, watched(1), watched(2)),
                List.of(watched(2), watched(3)));

        watch(attempt -> true).run(REQUEST, listener);

        assertEquals(List.of(1L, 2L, 3L), sequences());
        assertEquals(List.of(0L, 2L), requestedAfter());
    }

    @Test
    void pausesDoubleUpToEightSecondsAndItGivesUpAfterTwoMinutes() {
        server.reply(SpecEventServiceGrpc.getWatchSpecEventsMethod(),
                streamThenFail(Status.UNAVAILABLE, watched(5)));

        EventWatch.GaveUpException gaveUp = assertThrows(EventWatch.GaveUpException.class,
                () -> watch(attempt -> attempt == 1).run(REQUEST, listener));

        assertEquals(5, gaveUp.lastSequence());
        assertEquals(Status.Code.UNAVAILABLE, ((StatusRuntimeException) gaveUp.getCause()).getStatus().getCode());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8)), pauses.subList(0, 6));
        assertTrue(pauses.subList(4, pauses.size()).stream().allMatch(Duration.ofSeconds(8)::equals), pauses.toString());
        Duration waited = pauses.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(EventWatch.GIVE_UP_AFTER) >= 0, waited.toString());
        assertTrue(waited.minus(pauses.get(pauses.size() - 1)).compareTo(EventWatch.GIVE_UP_AFTER) < 0, waited.toString());
        assertEquals(List.of(5L), sequences());
    }

    @Test
    void reachingTheServerAgainStartsThePausesOver() throws Exception {
        server.reply(SpecEventServiceGrpc.getWatchSpecEventsMethod(),
                streamThenFail(Status.UNAVAILABLE, watched(1)),
                streamThenFail(Status.UNAVAILABLE, watched(2)),
                List.of(watched(3)));

        // Attempts 1, 4 and 5 reach the server; 2 and 3 do not.
        watch(attempt -> attempt == 1 || attempt >= 4).run(REQUEST, listener);

        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500)),
                pauses);
        assertEquals(List.of(1L, 2L, 3L), sequences());
        assertEquals(List.of(0L, 1L, 2L), requestedAfter());
    }

    @Test
    void aFirstStreamThatCannotReachTheServerFailsAtOnce() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> watch(attempt -> false).run(REQUEST, listener));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(List.of(), pauses);
    }

    @Test
    void otherErrorsEndTheWatch() {
        server.reply(SpecEventServiceGrpc.getWatchSpecEventsMethod(),
                streamThenFail(Status.NOT_FOUND.withDescription("no spec 'zzz'"), watched(1)));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> watch(attempt -> true).run(REQUEST, listener));

        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals(List.of(1L), sequences());
        assertEquals(List.of(), pauses);
    }
}
