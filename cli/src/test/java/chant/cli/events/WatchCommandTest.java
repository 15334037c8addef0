package chant.cli.events;

import static chant.cli.events.Events.watched;
import static chant.cli.testing.ScriptedServices.streamThenFail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.v1.SpecEventServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.WatchSpecEventsRequest;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WatchCommandTest extends InProcessCliTest {

    @Test
    void printsEventsAndResumesAfterTheLastOneWhenTheStreamBreaks() {
        server.reply(SpecEventServiceGrpc.getWatchSpecEventsMethod(),
                streamThenFail(Status.UNAVAILABLE, watched(6),
                        watched(Events.transition(7, SpecStatus.SPEC_STATUS_PENDING, SpecStatus.SPEC_STATUS_IN_PROGRESS))),
                List.of(watched(8)));

        Result result = run("watch", "x7m", "--label", "ui,auth", "--from", "5");

        assertEquals(0, result.exitCode(), result.toString());
        List<WatchSpecEventsRequest> requests = server.requests(SpecEventServiceGrpc.getWatchSpecEventsMethod());
        assertEquals(List.of(
                WatchSpecEventsRequest.newBuilder().setProject(PROJECT).setSpecId("x7m").addLabels("ui").addLabels("auth")
                        .setAfterSequence(5).build(),
                WatchSpecEventsRequest.newBuilder().setProject(PROJECT).setSpecId("x7m").addLabels("ui").addLabels("auth")
                        .setAfterSequence(7).build()), requests);
        assertEquals(List.of(
                "6 2026-01-22T10:00:06Z alice 2026-01-22-001-x7m updated title: T6",
                "7 2026-01-22T10:00:07Z alice 2026-01-22-001-x7m transitioned pending -> in_progress",
                "8 2026-01-22T10:00:08Z alice 2026-01-22-001-x7m updated title: T8"), result.outLines());
        assertEquals(List.of("chant: lost the event stream (UNAVAILABLE); reconnecting in 0.5 s, resuming after 7"),
                result.errLines());
    }

    @Test
    void aWatchHasNoDeadline() throws Exception {
        List<Deadline> deadlines = new CopyOnWriteArrayList<>();
        ServerInterceptor recordDeadline = new ServerInterceptor() {
            @Override
            public <Req, Resp> ServerCall.Listener<Req> interceptCall(ServerCall<Req, Resp> call, Metadata headers,
                                                                      ServerCallHandler<Req, Resp> next) {
                deadlines.add(Context.current().getDeadline());
                return next.startCall(call, headers);
            }
        };
        String name = InProcessServerBuilder.generateName();
        io.grpc.Server grpc = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(server.service(SpecEventServiceGrpc.getServiceDescriptor()),
                        recordDeadline))
                .build().start();
        try {
            server.reply(SpecEventServiceGrpc.getWatchSpecEventsMethod(), List.of(watched(1)));

            Result result = runWith((service, address) -> io.grpc.inprocess.InProcessChannelBuilder.forName(name)
                    .directExecutor().build(), "watch");

            assertEquals(0, result.exitCode(), result.toString());
            assertEquals(1, deadlines.size());
            assertNull(deadlines.get(0));
        } finally {
            grpc.shutdownNow();
        }
    }

    @Test
    void anUnknownSpecExitsWith3() {
        server.reply(SpecEventServiceGrpc.getWatchSpecEventsMethod(), Status.NOT_FOUND.withDescription("no spec 'zzz'"));

        Result result = run("watch", "zzz");

        assertEquals(3, result.exitCode());
        assertEquals("chant: no spec 'zzz'\n", result.err());
    }

    @Test
    void anUnreachableServerAtTheStartExitsWith7AtOnce() {
        Result result = runWith((service, address) -> io.grpc.inprocess.InProcessChannelBuilder.forName("nobody-listens-here").build(),
                "watch");

        assertEquals(7, result.exitCode());
        assertTrue(result.err().startsWith("chant: cannot reach spec-service at localhost:8181"), result.err());
    }

    @Test
    void aNegativeFromIsAUsageError() {
        Result result = run("watch", "--from", "-1");

        assertEquals(2, result.exitCode());
        assertEquals("chant: --from must be 0 or more, not -1\n", result.err());
    }
}
