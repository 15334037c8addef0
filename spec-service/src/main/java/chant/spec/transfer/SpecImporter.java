package chant.spec.transfer;

import chant.spec.access.Access;
import chant.support.auth.Authorization;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.support.failure.InvalidRequestException;
import chant.support.failure.NotFoundException;
import chant.spec.format.ProjectConfig;
import chant.spec.format.SpecFormatException;
import chant.spec.format.SpecMarkdown;
import chant.spec.id.IdAllocator;
import chant.spec.id.ShortIdRule;
import chant.spec.id.SpecId;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.content.Problem;
import chant.spec.store.Spec;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecRules;
import chant.spec.transfer.ImportReport.FileResult;
import chant.spec.transfer.ImportReport.Outcome;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports a chant `.chant/` folder into a project. Every file is judged on its own: a bad file is
 * refused with its problems and never stops the others; a spec whose dependency was refused or
 * does not exist is imported with that entry as written (it waits for it). What is accepted is
 * stored in one transaction.
 */
@ApplicationScoped
public class SpecImporter {

    static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    @Inject
    Access access;

    @Inject
    Projects projects;

    @Inject
    IdAllocator ids;

    @Inject
    Documents documents;

    @Inject
    chant.spec.audit.EventLog events;

    @Inject
    Clock clock;

    /** A spec file that parsed and passed the rules, waiting for its dependencies to be checked. */
    private record Candidate(String path, SpecId id, SpecContent content, boolean archived, String archiveFolder,
            List<Problem> warnings) {
    }

    /** Large folders take a while: allow ten minutes instead of the default transaction timeout. */
    @Transactional
    @io.quarkus.narayana.jta.runtime.TransactionConfiguration(timeout = 600)
    public ImportReport importFolder(ImportOptions options, List<FolderFile> files, Principal principal) {
        Project project = targetProject(options, files, access.of(principal));
        String caller = principal.actor();
        Map<String, FileResult> results = new LinkedHashMap<>();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        Map<String, Boolean> existing = existingIds(project);

        for (FolderFile file : files) {
            results.put(file.path(), readFile(project, file, existing, candidates, options.replaceExisting()));
        }
        List<Candidate> refusedCandidates = new ArrayList<>(checkDependencies(candidates, existing));
        refusedCandidates.addAll(refuseCycles(project, candidates));
        for (Candidate refused : refusedCandidates) {
            results.put(refused.path(), refused(refused.path(), refused.id().value(), refused.warnings()));
        }
        Set<String> knownAfter = new HashSet<>(existing.keySet());
        knownAfter.addAll(candidates.keySet());
        // Drivers before their members, so that members can reserve their numbers on the driver.
        List<Candidate> accepted = candidates.values().stream()
                .sorted(java.util.Comparator.comparing((Candidate c) -> c.id().sortKey())).toList();
        for (Candidate c : accepted) {
            store(project, c, existing.containsKey(c.id().value()), caller);
            List<Problem> findings = new ArrayList<>(c.warnings());
            // Lint findings of an imported spec only warn: errors are what refuses a file.
            chant.spec.lint.SpecLint.lint(new chant.spec.lint.LintInput(c.id().value(), c.content(), knownAfter))
                    .forEach(finding -> findings.add(finding.asWarning()));
            results.put(c.path(), new FileResult(c.path(), Outcome.IMPORTED, c.id().value(),
                    findings.stream().distinct().map(p -> p.inFile(c.path())).toList()));
        }
        return new ImportReport(project.name, List.copyOf(results.values()));
    }

    /** The project to import into, checked: a member imports into it, a platform admin may create it. */
    private Project targetProject(ImportOptions options, List<FolderFile> files, Authorization authorization) {
        String name = options.project();
        if (name == null || name.isBlank()) {
            name = files.stream().filter(f -> f.path().equals("config.md")).findFirst()
                    .flatMap(f -> parseConfigQuietly(f.content()).flatMap(ProjectConfig::name))
                    .orElseThrow(() -> new InvalidRequestException(
                            "no project given and config.md names none: pass --project NAME"));
        }
        var existing = projects.find(name);
        if (existing.isPresent()) {
            authorization.requireRole(name, Role.MEMBER);
            return existing.get();
        }
        if (!options.createProject()) {
            authorization.requireRole(name, Role.MEMBER);
            throw new NotFoundException("project " + name + " does not exist: create it first"
                    + " (chant project add " + name + ") or import with --create-project");
        }
        authorization.requirePlatformAdmin("creating a project by import (--create-project)");
        return projects.create(new Projects.Settings(name, null, null, null, null, null, 0));
    }

    private FileResult readFile(Project project, FolderFile file, Map<String, Boolean> existing,
            Map<String, Candidate> candidates, boolean replace) {
        ChantFolder.Entry entry;
        try {
            entry = ChantFolder.classify(file.path());
        } catch (IllegalArgumentException e) {
            return refused(file.path(), null, List.of(Problem.error("path", file.path(), e.getMessage())));
        }
        if (file.content() == null) {
            return refused(file.path(), null, List.of(Problem.error("content", "",
                    "the file is not UTF-8 text; save it as UTF-8 and import again")));
        }
        if (entry instanceof ChantFolder.ConfigEntry) {
            return applyConfig(project, file);
        }
        if (entry instanceof ChantFolder.DocumentEntry) {
            if (file.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
                return refused(file.path(), null, List.of(Problem.error("content", "",
                        "document is larger than 1 MiB; keep large files in the git repository")));
            }
            documents.put(project, file.path(), file.content());
            return new FileResult(file.path(), Outcome.DOCUMENT, null, List.of());
        }
        ChantFolder.SpecEntry spec = (ChantFolder.SpecEntry) entry;
        String id = spec.id();
        List<Problem> problems = new ArrayList<>(SpecRules.validateId(id));
        SpecContent content = null;
        try {
            SpecMarkdown.Imported imported = SpecMarkdown.parseImported(file.content());
            content = imported.content();
            problems.addAll(imported.warnings());
            problems.addAll(SpecRules.validate(content));
        } catch (SpecFormatException e) {
            problems.addAll(e.problems());
        }
        if (existing.containsKey(id) && !replace) {
            problems.add(Problem.error("id", id, "spec " + id + " already exists in project " + project.name
                    + "; import with --replace to overwrite it, or delete it first"));
        }
        if (candidates.containsKey(id)) {
            problems.add(Problem.error("id", id, "spec " + id + " appears twice in this folder (also "
                    + candidates.get(id).path() + "); keep one of the files"));
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            return refused(file.path(), id, problems);
        }
        candidates.put(id, new Candidate(file.path(), SpecId.of(id), content, spec.archived(),
                spec.archiveFolder(), new ArrayList<>(problems)));
        return new FileResult(file.path(), Outcome.IMPORTED, id, problems);
    }

    private FileResult applyConfig(Project project, FolderFile file) {
        ProjectConfig config;
        try {
            config = ProjectConfig.parse(file.content());
        } catch (SpecFormatException e) {
            return refused(file.path(), null, e.problems());
        }
        List<Problem> problems = new ArrayList<>();
        config.branchPrefix().flatMap(Projects::prefixProblem).ifPresent(problem -> problems.add(Problem.error(
                "defaults.branch_prefix", config.branchPrefix().get(), "cannot start git branch names: " + problem)));
        config.mainBranch().flatMap(Projects::branchProblem).ifPresent(problem -> problems.add(Problem.error(
                "defaults.main_branch", config.mainBranch().get(), "is not a valid git branch name: " + problem)));
        config.repository().flatMap(chant.spec.project.RepositoryUrls::problem).ifPresent(problem -> problems.add(
                Problem.error("defaults.repository", "(not shown)", problem)));
        if (!problems.isEmpty()) {
            return refused(file.path(), null, problems);
        }
        config.defaultPrompt().ifPresent(v -> project.defaultPrompt = v);
        config.branchPrefix().ifPresent(v -> project.branchPrefix = v);
        config.mainBranch().ifPresent(v -> project.defaultBranch = v);
        config.rejectionAction().flatMap(chant.spec.project.RejectionAction::fromChant).ifPresent(v -> project.rejectionAction = v);
        config.repository().ifPresent(v -> project.repoUrl = v);
        project.configMarkdown = file.content();
        return new FileResult(file.path(), Outcome.CONFIG, null, List.of());
    }

    /**
     * Resolves the candidates' depends_on entries: a short form that names exactly one stored spec
     * or accepted candidate is replaced by the full ID, with a warning; an entry that names none is
     * kept as written (the spec waits for it). Refuses, until nothing changes, every candidate with
     * an ambiguous entry.
     */
    private static List<Candidate> checkDependencies(Map<String, Candidate> candidates,
            Map<String, Boolean> existing) {
        List<Candidate> refused = new ArrayList<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<String, Boolean> known = new HashMap<>(existing);
            candidates.values().forEach(c -> known.put(c.id().value(), c.archived()));
            List<ShortIdRule.Candidate> knownIds = known.entrySet().stream()
                    .map(e -> new ShortIdRule.Candidate(e.getKey(), e.getValue())).toList();
            for (Candidate c : List.copyOf(candidates.values())) {
                List<String> resolved = new ArrayList<>();
                List<Problem> errors = new ArrayList<>();
                for (String dep : c.content().dependsOn()) {
                    resolveDependency(c, dep, known, knownIds, resolved, errors);
                }
                if (!errors.isEmpty()) {
                    candidates.remove(c.id().value());
                    c.warnings().addAll(errors);
                    refused.add(c);
                    changed = true;
                } else if (!resolved.equals(c.content().dependsOn())) {
                    candidates.put(c.id().value(), new Candidate(c.path(), c.id(),
                            c.content().toBuilder().dependsOn(resolved).build(), c.archived(), c.archiveFolder(),
                            c.warnings()));
                }
            }
        }
        return refused;
    }

    /**
     * Refuses the candidates on a dependency cycle (through stored specs too), naming the cycle,
     * until none is left.
     */
    private static List<Candidate> refuseCycles(Project project, Map<String, Candidate> candidates) {
        List<Candidate> refused = new ArrayList<>();
        Map<String, List<String>> graph = storedDependencies(project);
        candidates.values().forEach(c -> graph.put(c.id().value(), c.content().dependsOn()));
        for (var cycle = new chant.spec.graph.DependencyGraph(graph).anyCycle(); cycle.isPresent();
                cycle = new chant.spec.graph.DependencyGraph(graph).anyCycle()) {
            List<String> path = cycle.get();
            List<Candidate> onCycle = path.stream().distinct().map(candidates::remove)
                    .filter(java.util.Objects::nonNull).toList();
            if (onCycle.isEmpty()) {
                break;
            }
            for (Candidate c : onCycle) {
                c.warnings().add(Problem.error("depends_on", String.join(", ", c.content().dependsOn()),
                        "dependency cycle: " + String.join(" -> ", path) + "; remove one of these dependencies"));
                graph.remove(c.id().value());
                refused.add(c);
            }
        }
        return refused;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> storedDependencies(Project project) {
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery("SELECT spec_id, depends_on FROM spec WHERE project_id = :p AND cardinality(depends_on) > 0")
                .setParameter("p", project.id)
                .getResultList();
        Map<String, List<String>> graph = new java.util.HashMap<>();
        rows.forEach(r -> graph.put((String) r[0], chant.spec.store.PgArrays.toList(r[1])));
        return graph;
    }

    /**
     * Resolves one depends_on entry by the short-ID rule over the stored specs and the accepted
     * candidates (no "today": a file's short IDs never mean a sequence of the importing day).
     */
    private static void resolveDependency(Candidate c, String dep, Map<String, Boolean> known,
            List<ShortIdRule.Candidate> knownIds, List<String> resolved, List<Problem> errors) {
        // An exact ID needs no search: narrowed to itself, the rule answers EXACT.
        ShortIdRule.Outcome outcome = ShortIdRule.match(dep, known.containsKey(dep)
                ? List.of(new ShortIdRule.Candidate(dep, known.get(dep))) : knownIds, null);
        if (outcome instanceof ShortIdRule.Unique unique) {
            resolved.add(unique.id());
            if (!unique.id().equals(dep)) {
                c.warnings().add(Problem.warning("depends_on", dep, "short ID '" + dep + "' stored as "
                        + unique.id()));
            }
        } else if (outcome instanceof ShortIdRule.Ambiguous ambiguous) {
            errors.add(Problem.error("depends_on", dep, "'" + dep + "' is ambiguous: it matches "
                    + String.join(", ", ambiguous.ids().stream().limit(6).toList()) + "; write the full ID"));
        } else {
            // A spec deleted long ago in chant's history, or refused in this import: kept as written,
            // so that the spec waits for it and export writes it back; lint reports it.
            resolved.add(dep);
        }
    }

    private void store(Project project, Candidate c, boolean replacing, String caller) {
        Spec spec = replacing
                ? Spec.<Spec>find("project = ?1 and specId = ?2", project, c.id().value()).firstResult()
                : null;
        if (spec == null) {
            spec = new Spec();
            spec.project = project;
            spec.setId(c.id());
            spec.createdBy = caller;
        }
        spec.setContent(c.content());
        spec.archived = c.archived();
        spec.archiveFolder = c.archived() ? c.archiveFolder() : null;
        spec.updatedAt = OffsetDateTime.now(clock);
        spec.persist();
        events.append(spec, caller, chant.spec.audit.SpecDiff.of(c.content()).as(chant.spec.audit.EventKind.IMPORTED)
                .withReason("imported from " + c.path()));
        // Keep the session small: every native query flushes it, and a flush checks every managed
        // entity, so thousands of imported specs kept in it make an import quadratic.
        spec.flush();
        Panache.getEntityManager().detach(spec);
        ids.reserve(project, c.id());
        c.id().driver().ifPresent(driver -> reserveMemberNumber(project, driver.value(),
                Integer.parseInt(c.id().value().substring(driver.value().length() + 1))));
    }

    private static void reserveMemberNumber(Project project, String driverId, int number) {
        Panache.getEntityManager().createNativeQuery(
                        "UPDATE spec SET last_member = GREATEST(last_member, :n) WHERE project_id = :p AND spec_id = :d")
                .setParameter("n", number)
                .setParameter("p", project.id)
                .setParameter("d", driverId)
                .executeUpdate();
    }

    /** The IDs of the project's stored specs, each with whether it is archived. */
    @SuppressWarnings("unchecked")
    private static Map<String, Boolean> existingIds(Project project) {
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery("SELECT spec_id, archived FROM spec WHERE project_id = :p")
                .setParameter("p", project.id)
                .getResultList();
        Map<String, Boolean> ids = new HashMap<>();
        rows.forEach(row -> ids.put((String) row[0], Boolean.TRUE.equals(row[1])));
        return ids;
    }

    private static java.util.Optional<ProjectConfig> parseConfigQuietly(String content) {
        try {
            return java.util.Optional.of(ProjectConfig.parse(content));
        } catch (SpecFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static FileResult refused(String path, String id, List<Problem> problems) {
        return new FileResult(path, Outcome.REFUSED, id, problems.stream().map(p -> p.inFile(path)).toList());
    }

}
