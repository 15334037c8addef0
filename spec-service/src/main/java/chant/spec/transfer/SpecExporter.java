package chant.spec.transfer;

import chant.spec.access.Access;
import chant.support.auth.Principal;
import chant.support.auth.Role;
import chant.spec.format.SpecMarkdown;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.store.Spec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import chant.spec.store.SpecFinder;
import chant.support.failure.InvalidRequestException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a project back out as a chant `.chant/` folder: config.md, specs/, archive/ and documents. */
@ApplicationScoped
public class SpecExporter {

    @Inject
    Access access;

    @Inject
    Projects projects;

    @Inject
    Documents documents;

    @Inject
    SpecFinder finder;

    /** The most specs one {@link #render} may name. */
    static final int MAX_RENDERED = 1000;

    /** One spec as a file of a `.chant/` folder. */
    public record SpecFile(String specId, String path, String content) {
    }

    @Transactional
    public List<FolderFile> export(String projectName, boolean includeArchived, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        Project project = projects.require(projectName);
        List<FolderFile> files = new ArrayList<>();
        files.add(new FolderFile("config.md", ConfigExport.configMarkdown(project)));
        List<Spec> specs = includeArchived
                ? Spec.list("project = ?1 order by sortKey", project)
                : Spec.list("project = ?1 and archived = false order by sortKey", project);
        for (Spec spec : specs) {
            files.add(new FolderFile(path(spec), markdown(spec)));
        }
        files.addAll(documents.all(project));
        return files;
    }

    /**
     * The named specs as chant markdown files (each once, in the order named), with the paths they
     * have now, or with {@code archiveFolder} (YYYY-MM-DD) the paths they have once archived into
     * it: merge-service commits an archive's files before the specs are archived.
     */
    @Transactional
    public List<SpecFile> render(String projectName, List<String> idQueries, String archiveFolder, Principal caller) {
        access.requireRole(caller, projectName, Role.VIEWER);
        if (idQueries.isEmpty() || idQueries.stream().allMatch(id -> id == null || id.isBlank())) {
            throw new InvalidRequestException("ids is empty: name at least one spec to render");
        }
        if (idQueries.size() > MAX_RENDERED) {
            throw new InvalidRequestException("ids names " + idQueries.size() + " specs: at most " + MAX_RENDERED
                    + " per call");
        }
        String folder = archiveFolder == null ? "" : archiveFolder.strip();
        if (!folder.isEmpty() && !isDate(folder)) {
            throw new InvalidRequestException("archive_folder '" + archiveFolder + "' is not a date: use YYYY-MM-DD, or"
                    + " leave it empty for the specs' paths as they are");
        }
        Project project = projects.require(projectName);
        Map<String, SpecFile> files = new LinkedHashMap<>();
        for (String query : idQueries) {
            if (query == null || query.isBlank()) {
                continue;
            }
            Spec spec = finder.read(project, query.strip());
            String path = folder.isEmpty() ? path(spec) : ChantFolder.specPath(spec.specId, true, folder);
            files.putIfAbsent(spec.specId, new SpecFile(spec.specId, path, markdown(spec)));
        }
        return List.copyOf(files.values());
    }

    private static boolean isDate(String folder) {
        try {
            return LocalDate.parse(folder).toString().equals(folder);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The spec as a chant markdown file, with its stored status (pending, never the derived blocked). */
    public String markdown(Spec spec) {
        return SpecMarkdown.render(spec.content());
    }

    private static String path(Spec spec) {
        String folder = spec.archiveFolder;
        if (spec.archived && (folder == null || folder.isEmpty()) && spec.updatedAt != null) {
            folder = spec.updatedAt.toLocalDate().toString();
        }
        return ChantFolder.specPath(spec.specId, spec.archived, folder);
    }
}
