package chant.bench;

import chant.v1.EnqueueRunRequest;
import chant.v1.FollowLogRequest;
import chant.v1.GetRunRequest;
import chant.v1.LogChunk;
import chant.v1.Run;
import chant.v1.RunStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * One run through the platform as a client sees it: {@code EnqueueRun} (provider {@code demo}), then
 * {@code FollowLog} from offset 0 until the stream ends (it ends when the run has ended), each
 * line stamped when it reached the client; afterwards {@code GetRun} must say SUCCEEDED and the
 * run's head commit must be on a branch of the bare remote.
 */
final class PlatformRun {

    static final long RUN_DEADLINE_SECONDS = 300;

    /** A log line and when it arrived (System.nanoTime). */
    record Line(long at, String text) {
    }

    /** The marks of one run, in System.nanoTime; -1 when a line never came. */
    record Times(long enqueue, long enqueued, long claimed, List<Line> lines, long ended) {

        /** When the first line starting with {@code prefix} arrived, or -1. */
        long first(String prefix) {
            return lines.stream().filter(l -> l.text().startsWith(prefix)).mapToLong(Line::at).findFirst().orElse(-1);
        }

        /** When the last line starting with {@code prefix} arrived, or -1. */
        long last(String prefix) {
            long at = -1;
            for (Line l : lines) {
                if (l.text().startsWith(prefix)) {
                    at = l.at();
                }
            }
            return at;
        }

        long runnerFirstLine() {
            return lines.isEmpty() ? -1 : lines.get(0).at();
        }

        long agentFirst() {
            return first(RawRun.PREFIX);
        }

        long agentLast() {
            return last(RawRun.PREFIX);
        }

        long startFigure() {
            return agentFirst() - enqueue;
        }

        long pushedFigure() {
            return first("chant: pushed") - agentLast();
        }

        long endFigure() {
            return ended - agentLast();
        }

        long total() {
            return ended - enqueue;
        }
    }

    private PlatformRun() {
    }

    static Times run(AgentClient agent, String project, String specId, Path remote) {
        Instant wall = Instant.now();
        long enqueue = System.nanoTime();
        Run run = agent.runs().enqueueRun(EnqueueRunRequest.newBuilder().setProject(project).setSpecId(specId)
                .setProvider("demo").setRequestId(UUID.randomUUID().toString()).build()).getRun();
        long enqueued = System.nanoTime();
        List<Line> lines = new ArrayList<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        Iterator<LogChunk> chunks = agent.runs(RUN_DEADLINE_SECONDS).followLog(FollowLogRequest.newBuilder()
                .setRunId(run.getId()).setOffset(0).setFollow(true).build());
        while (chunks.hasNext()) {
            LogChunk chunk = chunks.next();
            long at = System.nanoTime();
            byte[] data = chunk.getData().toByteArray();
            for (byte b : data) {
                if (b == '\n') {
                    lines.add(new Line(at, partial.toString(StandardCharsets.UTF_8)));
                    partial.reset();
                } else {
                    partial.write(b);
                }
            }
        }
        long ended = System.nanoTime();
        Run done = agent.runs().getRun(GetRunRequest.newBuilder().setRunId(run.getId()).build()).getRun();
        if (done.getStatus() != RunStatus.RUN_STATUS_SUCCEEDED) {
            throw new BenchException("run " + run.getId() + " of spec " + specId + " ended " + done.getStatus() + ": "
                    + done.getEndReason() + "\nits log:\n" + String.join("\n", lines.stream().map(Line::text).toList()));
        }
        String heads = Commands.run(Commands.git(remote, "for-each-ref", "--format=%(objectname)", "refs/heads/"));
        if (done.getHeadCommit().isEmpty() || !heads.lines().toList().contains(done.getHeadCommit())) {
            throw new BenchException("run " + run.getId() + " succeeded but its head " + done.getHeadCommit()
                    + " is on no branch of " + remote);
        }
        Instant claimedAt = Instant.ofEpochSecond(done.getStartTime().getSeconds(), done.getStartTime().getNanos());
        long claimed = enqueue + Duration.between(wall, claimedAt).toNanos();
        return new Times(enqueue, enqueued, claimed, List.copyOf(lines), ended);
    }
}
