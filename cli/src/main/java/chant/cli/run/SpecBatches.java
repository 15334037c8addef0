package chant.cli.run;

import chant.cli.Interrupts;
import chant.cli.error.ExitCodes;
import chant.cli.error.StatusMessages;
import chant.cli.rpc.Connection;
import chant.v1.ArchiveFilter;
import chant.v1.ListReadySpecsRequest;
import chant.v1.ListReadySpecsResponse;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import chant.v1.TransitionSpecRequest;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which specs a batch of {@code chant work} takes, and what it says at the end: the members of a
 * driver (at any depth; a member with members of its own is left to follow them, as the driver
 * does), or the ready specs of labels, taken once ({@code --label}) or again after every run
 * ({@code --chain}).
 */
final class SpecBatches {

    private static final int PAGE = 1000;

    private final WorkCommand command;
    private final Connection connection;
    private final String project;
    private final WorkBatch batch;
    private final PrintWriter out;

    SpecBatches(WorkCommand command, Connection connection, String project, WorkBatch batch) {
        this.command = command;
        this.connection = connection;
        this.project = project;
        this.batch = batch;
        this.out = command.output();
    }

    /** The members of the driver at any depth, in ID order (members numerically), whatever their status. */
    static List<Spec> members(Connection connection, String project, String driverId) {
        List<Spec> members = new ArrayList<>();
        String token = "";
        do {
            ListSpecsResponse page = connection.specs().listSpecs(ListSpecsRequest.newBuilder().setProject(project)
                    .setDriver(driverId).setArchived(ArchiveFilter.ARCHIVE_FILTER_ACTIVE).setPageSize(PAGE)
                    .setPageToken(token).build());
            members.addAll(page.getSpecsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return members;
    }

    /**
     * Works the driver's members: those without members of their own, as they become ready. One at a
     * time, the first that does not complete stops the batch and fails the driver.
     */
    int group(Spec driver, List<Spec> members) throws InterruptedException {
        Set<String> drivers = drivers(members);
        List<Spec> leaves = members.stream().filter(m -> !drivers.contains(m.getId())).toList();
        long done = leaves.stream().filter(SpecBatches::closed).count();
        out.println("driver " + driver.getId() + " (" + driver.getTitle() + "): " + leaves.size() + " member"
                + (leaves.size() == 1 ? "" : "s") + ", " + done + " completed or cancelled");
        out.flush();
        WorkBatch.Result result = work(() -> ready(ListReadySpecsRequest.newBuilder().setDriver(driver.getId()))
                .stream().filter(s -> !drivers.contains(s.getId())).toList());
        if (result.interrupted()) {
            return result.exitCode();
        }
        summarize(result);
        if (!result.failures().isEmpty()) {
            if (!isParallel()) {
                failDriver(driver, result.failures().get(0));
            }
            return result.exitCode();
        }
        List<Spec> open = members(connection, project, driver.getId()).stream()
                .filter(m -> !drivers.contains(m.getId()) && !closed(m)).toList();
        if (!open.isEmpty()) {
            out.println(open.size() + " member" + (open.size() == 1 ? " is" : "s are") + " not done and not ready: "
                    + open.stream().map(m -> m.getId() + " (" + status(m) + ")").collect(Collectors.joining(", "))
                    + "; see why with chant blockers ID");
            out.flush();
            return ExitCodes.PRECONDITION;
        }
        out.println("driver " + driver.getId() + " is " + status(connection.specs().getSpec(
                chant.v1.GetSpecRequest.newBuilder().setProject(project).setId(driver.getId()).build()).getSpec()));
        out.flush();
        return ExitCodes.OK;
    }

    /** Works the ready specs with one of the labels (any spec when none): those ready now, or with chain until none is. */
    int labelled(List<String> labels, boolean chain) throws InterruptedException {
        String what = labels.isEmpty() ? "ready spec" : "ready spec labelled " + String.join(" or ", labels);
        WorkBatch.Candidates candidates;
        if (chain) {
            candidates = () -> workable(ready(ListReadySpecsRequest.newBuilder().addAllLabels(labels)));
        } else {
            List<Spec> now = workable(ready(ListReadySpecsRequest.newBuilder().addAllLabels(labels)));
            if (!now.isEmpty()) {
                out.println(now.size() + " " + what + (now.size() == 1 ? "" : "s") + ": "
                        + now.stream().map(Spec::getId).collect(Collectors.joining(", ")));
                out.flush();
            }
            candidates = () -> now;
        }
        WorkBatch.Result result = work(candidates);
        if (result.interrupted()) {
            return result.exitCode();
        }
        if (result.outcomes().isEmpty() && result.skipped().isEmpty()) {
            out.println("no " + what + " to work");
            out.flush();
            return ExitCodes.OK;
        }
        summarize(result);
        return result.exitCode();
    }

    private WorkBatch.Result work(WorkBatch.Candidates candidates) throws InterruptedException {
        if (!isParallel()) {
            return batch.work(candidates);
        }
        try (Interrupts.Registration ignored = command.onInterrupt()) {
            return batch.work(candidates);
        }
    }

    private boolean isParallel() {
        return command.parallel != null && command.parallel > 1;
    }

    /** The ready specs the request selects in this project, every page. */
    private List<Spec> ready(ListReadySpecsRequest.Builder request) {
        List<Spec> specs = new ArrayList<>();
        String token = "";
        do {
            ListReadySpecsResponse page = connection.lifecycle().listReadySpecs(request.setProject(project)
                    .setPageSize(PAGE).setPageToken(token).build());
            specs.addAll(page.getSpecsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return specs;
    }

    /**
     * The specs an agent works itself: not drivers, which follow their members. A driver is a spec
     * of type driver or group, or one whose members are listed beside it.
     */
    private static List<Spec> workable(List<Spec> specs) {
        Set<String> drivers = drivers(specs);
        return specs.stream().filter(s -> !drivers.contains(s.getId()) && s.getType() != SpecType.SPEC_TYPE_DRIVER
                && s.getType() != SpecType.SPEC_TYPE_GROUP).toList();
    }

    /** The IDs among the specs that have members among them ({@code X} when {@code X.N} is there). */
    private static Set<String> drivers(List<Spec> specs) {
        Set<String> drivers = new HashSet<>();
        for (Spec spec : specs) {
            String id = spec.getId();
            for (int dot = id.lastIndexOf('.'); dot > 0; dot = id.lastIndexOf('.', dot - 1)) {
                drivers.add(id.substring(0, dot));
            }
        }
        return drivers;
    }

    private static boolean closed(Spec spec) {
        return spec.getStatus() == SpecStatus.SPEC_STATUS_COMPLETED || spec.getStatus() == SpecStatus.SPEC_STATUS_CANCELLED;
    }

    private static String status(Spec spec) {
        return spec.getStatus().name().substring("SPEC_STATUS_".length()).toLowerCase(java.util.Locale.ROOT);
    }

    private void summarize(WorkBatch.Result result) {
        int runs = result.outcomes().size();
        List<WorkBatch.Outcome> failures = result.failures();
        out.println();
        out.println("worked " + runs + " spec" + (runs == 1 ? "" : "s") + ": " + (runs - failures.size()) + " completed"
                + (failures.isEmpty() ? "" : ", " + failures.size() + " not: "
                        + failures.stream().map(WorkBatch.Outcome::specId).collect(Collectors.joining(", ")))
                + (result.skipped().isEmpty() ? "" : "; " + result.skipped().size() + " skipped"));
        out.flush();
    }

    /** One at a time, a member that did not complete fails its driver (chant's rule for a sequential run). */
    private void failDriver(Spec driver, WorkBatch.Outcome failure) {
        try {
            connection.lifecycle().transitionSpec(TransitionSpecRequest.newBuilder().setProject(project)
                    .setId(driver.getId()).setTo(SpecStatus.SPEC_STATUS_FAILED)
                    .setReason("member " + failure.specId() + " did not complete (" + failure.line() + ")").build());
            out.println("driver " + driver.getId() + " is failed: member " + failure.specId() + " did not complete; "
                    + "chant work " + driver.getId() + " again goes on from there");
        } catch (StatusRuntimeException e) {
            out.println("driver " + driver.getId() + " stays as it is: "
                    + StatusMessages.oneLine(java.util.Objects.toString(e.getStatus().getDescription(), "")));
        }
        out.flush();
    }
}
