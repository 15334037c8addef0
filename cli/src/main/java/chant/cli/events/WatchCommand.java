package chant.cli.events;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.config.Service;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.cli.spec.Values;
import chant.v1.SpecEvent;
import chant.v1.WatchSpecEventsRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant watch}: prints the project's events as they happen. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Print the project's events as they happen, one line each: "
                + "'<seq> <time> <actor> <spec> <kind> <change>'. Runs until Ctrl-C or until the server ends the stream.",
                "When the connection is lost it reconnects (pauses of 0.5 s doubling to 8 s; it gives up with exit "
                        + "code 7 after 2 minutes without a connection) and resumes after the last event printed."})
public final class WatchCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", arity = "0..1", description = "Only the events of this spec (full ID or a short form).")
    String id;

    @Option(names = "--label", paramLabel = "LABEL", split = ",", description = "Only specs carrying one of these labels.")
    List<String> labels;

    @Option(names = "--from", paramLabel = "SEQ",
            description = "Start after this sequence: earlier events are printed first (default 0: only new events).")
    long from;

    @Override
    protected int run(Connection connection) {
        if (from < 0) {
            throw new CliException(ExitCodes.USAGE, "--from must be 0 or more, not " + from);
        }
        WatchSpecEventsRequest request = WatchSpecEventsRequest.newBuilder()
                .setProject(project(connection))
                .setSpecId(id == null ? "" : id)
                .addAllLabels(Values.clean(labels))
                .setAfterSequence(from)
                .build();
        EventWatch watch = new EventWatch(
                (next, onConnected) -> connection.eventWatch(onConnected).watchSpecEvents(next),
                EventWatch.Sleeper.system(), System::nanoTime);
        try {
            watch.run(request, new EventWatch.Listener() {
                @Override
                public void event(SpecEvent event) {
                    out().println(EventText.line(event));
                    out().flush();
                }

                @Override
                public void reconnecting(Status status, Duration pause, long afterSequence) {
                    err().println("chant: lost the event stream (" + status.getCode() + "); reconnecting in "
                            + pause.toMillis() / 1000.0 + " s, resuming after " + afterSequence);
                    err().flush();
                }
            });
        } catch (EventWatch.GaveUpException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot reach spec-service at " + connection.address(Service.SPEC)
                    + " for " + EventWatch.GIVE_UP_AFTER.toMinutes() + " minutes; gave up (resume with --from "
                    + e.lastSequence() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }
}
