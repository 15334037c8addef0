package chant.spec.transfer;

import chant.spec.format.SpecMarkdown;
import chant.spec.project.Project;
import chant.spec.project.Projects;
import chant.spec.store.Spec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** Writes a project back out as a chant `.chant/` folder: config.md, specs/, archive/ and documents. */
@ApplicationScoped
public class SpecExporter {

    @Inject
    Projects projects;

    @Inject
    Documents documents;

    @Transactional
    public List<FolderFile> export(String projectName, boolean includeArchived) {
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
