package chant.spec.lifecycle;

import chant.spec.access.Access;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.spec.audit.Change;
import chant.spec.audit.EventKind;
import chant.spec.audit.EventLog;
import chant.spec.content.SpecStatus;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.store.Blockers;
import chant.spec.store.Spec;
import chant.spec.store.SpecFinder;
import chant.spec.store.SpecSearch;
import chant.spec.store.SpecView;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.PreconditionFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Archives specs that are done: completed ones whose branch is merged (or that have none), and
 * with force cancelled ones. A driver goes with or after all its members. All or nothing: one
 * refused spec refuses the request, naming every refused spec and why.
 */
@ApplicationScoped
public class Archiving {

    @Inject
    Access access;

    @Inject
    Projects projects;

    @Inject
    SpecFinder finder;

    @Inject
    SpecSearch search;

    @Inject
    Blockers blockers;

    @Inject
    EventLog events;

    @Inject
    Clock clock;

    /** The specs archived (or that would be), members before their drivers. */
    @Transactional
    public List<SpecView> archive(String projectName, List<String> idQueries, boolean force, boolean dryRun,
            String folderName, Principal caller) {
        access.requireRole(caller, projectName, Role.MEMBER);
        String actor = caller.actor();
        if (idQueries.stream().allMatch(id -> id == null || id.isBlank())) {
            throw new InvalidRequestException("ids is empty: name at least one spec to archive");
        }
        String folder = folder(folderName);
        Project project = projects.require(projectName);
        // Lock in one order (full IDs sorted), so that two archive requests never wait on each other in a circle.
        Set<String> fullIds = new TreeSet<>();
        for (String query : idQueries) {
            if (query != null && !query.isBlank()) {
                fullIds.add(finder.read(project, query).specId);
            }
        }
        List<Spec> specs = new ArrayList<>();
        fullIds.forEach(id -> specs.add(finder.lockFullId(project, id)));
        List<String> refused = new ArrayList<>();
        for (Spec spec : specs) {
            refusal(project, spec, fullIds, force).ifPresent(refused::add);
        }
        if (!refused.isEmpty()) {
            throw new PreconditionFailedException("nothing was archived: " + String.join("; ", refused));
        }
        specs.sort(Comparator.comparingInt((Spec s) -> -depth(s.specId)).thenComparing(s -> s.sortKey));
        List<SpecView> archived = new ArrayList<>();
        for (Spec spec : specs) {
            if (!dryRun && !spec.archived) {
                spec.archived = true;
                spec.archiveFolder = folder;
                spec.updatedAt = OffsetDateTime.now(clock);
                events.append(spec, actor, Change.of(EventKind.ARCHIVED, "", "archive_folder: " + folder));
            }
            archived.add(blockers.view(spec));
        }
        return archived;
    }

    private java.util.Optional<String> refusal(Project project, Spec spec, Set<String> archiving, boolean force) {
        if (spec.archived) {
            return java.util.Optional.empty();
        }
        if (spec.status == SpecStatus.CANCELLED && !force) {
            return java.util.Optional.of(spec.specId + " is cancelled: archive cancelled specs with force (--force)");
        }
        if (spec.status != SpecStatus.COMPLETED && spec.status != SpecStatus.CANCELLED) {
            return java.util.Optional.of(spec.specId + " is " + spec.status.yamlName() + ", not completed");
        }
        if (spec.status == SpecStatus.COMPLETED && spec.branch != null && !spec.branch.isBlank()
                && spec.mergeCommit == null) {
            return java.util.Optional.of(spec.specId + "'s branch " + spec.branch + " is not merged: merge it first (chant merge "
                    + spec.specId + ")");
        }
        List<String> openMembers = search.members(project, spec.specId).stream()
                .filter(member -> !archiving.contains(member))
                .filter(member -> !finder.read(project, member).archived)
                .toList();
        if (!openMembers.isEmpty()) {
            return java.util.Optional.of(spec.specId + " is a driver whose members " + String.join(", ", openMembers)
                    + " are not archived: archive them with it");
        }
        return java.util.Optional.empty();
    }

    private String folder(String name) {
        if (name == null || name.isBlank()) {
            return LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
        }
        try {
            LocalDate date = LocalDate.parse(name.strip());
            if (date.toString().equals(name.strip())) {
                return date.toString();
            }
        } catch (DateTimeParseException e) {
            // Reported below.
        }
        throw new InvalidRequestException("folder '" + name + "' is not a date: use YYYY-MM-DD, or leave it empty for "
                + "today's");
    }

    private static int depth(String specId) {
        return (int) specId.chars().filter(c -> c == '.').count();
    }
}
