package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.merge.QueuedArchive;
import chant.cli.rpc.Connection;
import chant.v1.ArchiveFilter;
import chant.v1.ArchiveSpecsRequest;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chant archive}: moves done specs out of the active set. spec-service decides, all or
 * nothing: completed specs whose branch is merged (or that have none), cancelled ones with
 * {@code --force}, a driver with its members.
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"Archive done specs: they leave lists, readiness and short IDs, stay readable by full ID, and are "
                + "exported under archive/<date>/.",
                "Completed specs whose branch is merged (or that have none); cancelled ones with --force. Naming a driver "
                        + "archives its members with it. All or nothing: a refused spec (exit 5) is named with why, and "
                        + "nothing is archived.",
                "When the project archives in its repository (chant project add --archive-in-repo), the specs go "
                        + "through merge-service's queue instead: their markdown is committed to "
                        + ".chant/archive/<date>/<id>.md on the default branch in one commit, then they are archived; "
                        + "each spec is archived, already archived or refused with the reason (exit 1 when one is "
                        + "refused), and the commit is printed."})
public final class ArchiveCommand extends ClientCommand {

    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([dhw])");
    private static final int PAGE = 1000;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Specs by full ID or a short form.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--label", paramLabel = "LABEL", split = ",",
            description = "Instead of IDs: the completed specs with this label (any of several: --label a,b).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--older-than", paramLabel = "AGE",
            description = "Instead of IDs, or with --label: specs completed longer ago than this, e.g. 30d, 12h, 2w.")
    String olderThan;

    @Option(names = "--force", description = "Also archive cancelled specs.")
    boolean force;

    @Option(names = "--dry-run", description = "Say what would be archived; change nothing.")
    boolean dryRun;

    @Override
    protected int run(Connection connection) throws InterruptedException {
        Duration age = olderThan == null ? null : age(olderThan);
        boolean bySelection = !labels.isEmpty() || age != null;
        if (ids.isEmpty() && !bySelection) {
            throw new CliException(ExitCodes.USAGE, "name the specs to archive, or choose them with --label LABEL and/or "
                    + "--older-than AGE");
        }
        if (!ids.isEmpty() && bySelection) {
            throw new CliException(ExitCodes.USAGE, "name specs or choose them with --label/--older-than, not both");
        }
        String project = project(connection);
        List<String> chosen = ids.isEmpty() ? selected(connection, project, age) : ids;
        if (chosen.isEmpty()) {
            out().println("no " + (force ? "completed or cancelled" : "completed") + " spec"
                    + (labels.isEmpty() ? "" : " labelled " + String.join(" or ", labels))
                    + (age == null ? "" : " older than " + olderThan) + " to archive");
            return ExitCodes.OK;
        }
        Set<String> withMembers = new LinkedHashSet<>(chosen);
        for (String id : chosen) {
            members(connection, project, id).forEach(member -> withMembers.add(member.getId()));
        }
        chant.v1.Project settings = connection.projects().getProject(chant.v1.GetProjectRequest.newBuilder()
                .setName(project).build()).getProject();
        if (settings.getArchiveInRepository()) {
            return new QueuedArchive(connection, out(), err(), context().timing()).run(settings,
                    List.copyOf(withMembers), force, dryRun);
        }
        List<Spec> archived = connection.lifecycle().archiveSpecs(ArchiveSpecsRequest.newBuilder().setProject(project)
                .addAllIds(withMembers).setForce(force).setDryRun(dryRun).build()).getSpecsList();
        for (Spec spec : archived) {
            out().println((dryRun ? "Would archive: " : "Archived: ") + spec.getId() + "  " + spec.getTitle()
                    + (dryRun ? "" : "  (archive/" + spec.getArchiveFolder() + "/)"));
        }
        return ExitCodes.OK;
    }

    /** The completed (with --force also cancelled) specs of the labels, completed longer than {@code age} ago. */
    private List<String> selected(Connection connection, String project, Duration age) {
        Instant before = age == null ? null : context().timing().now().minus(age);
        List<String> chosen = new ArrayList<>();
        String token = "";
        do {
            ListSpecsRequest.Builder request = ListSpecsRequest.newBuilder().setProject(project).addAllLabels(labels)
                    .addStatuses(SpecStatus.SPEC_STATUS_COMPLETED).setArchived(ArchiveFilter.ARCHIVE_FILTER_ACTIVE)
                    .setPageSize(PAGE).setPageToken(token);
            if (force) {
                request.addStatuses(SpecStatus.SPEC_STATUS_CANCELLED);
            }
            ListSpecsResponse page = connection.specs().listSpecs(request.build());
            page.getSpecsList().stream().filter(s -> before == null || doneAt(s).isBefore(before))
                    .forEach(s -> chosen.add(s.getId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return chosen;
    }

    /** When a spec was done: its completed_at, else (cancelled, or an unreadable time) its last change. */
    private static Instant doneAt(Spec spec) {
        if (!spec.getCompletedAt().isEmpty()) {
            try {
                return java.time.OffsetDateTime.parse(spec.getCompletedAt()).toInstant();
            } catch (DateTimeParseException e) {
                // Falls back to the last change below.
            }
        }
        return Instant.ofEpochSecond(spec.getUpdateTime().getSeconds(), spec.getUpdateTime().getNanos());
    }

    private static List<Spec> members(Connection connection, String project, String id) {
        String fullId = connection.specs().getSpec(chant.v1.GetSpecRequest.newBuilder().setProject(project).setId(id)
                .build()).getSpec().getId();
        List<Spec> members = new ArrayList<>();
        String token = "";
        do {
            ListSpecsResponse page = connection.specs().listSpecs(ListSpecsRequest.newBuilder().setProject(project)
                    .setDriver(fullId).setPageSize(PAGE).setPageToken(token).build());
            members.addAll(page.getSpecsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return members;
    }

    private static Duration age(String text) {
        Matcher m = AGE.matcher(text.strip());
        if (!m.matches()) {
            throw new CliException(ExitCodes.USAGE, "--older-than '" + text + "' is not an age: use a number of days, "
                    + "hours or weeks, e.g. 30d, 12h, 2w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }
}
