package chant.spec.transfer;

import chant.spec.format.FrontmatterYaml;
import chant.spec.format.ProjectConfig;
import chant.spec.project.Project;
import chant.spec.project.RejectionAction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The config.md an export writes: one that carries every setting import reads, so that importing
 * the export into a new project gives the same project. An imported config.md keeps its text,
 * with the settings the project has changed since written into it; a project that never imported
 * one gets a generated file.
 */
final class ConfigExport {

    private ConfigExport() {
    }

    static String configMarkdown(Project project) {
        if (project.configMarkdown == null) {
            return generated(project);
        }
        ProjectConfig imported = ProjectConfig.parse(project.configMarkdown);
        return ProjectConfig.withSettings(project.configMarkdown, changedSince(imported, project));
    }

    /**
     * The settings whose value in the file, read as import reads it into a new project (an absent
     * setting is the platform's default), is not the project's; each with the project's value.
     */
    static Map<String, String> changedSince(ProjectConfig file, Project project) {
        Map<String, String> changed = new LinkedHashMap<>();
        putIfChanged(changed, ProjectConfig.REPOSITORY, file.repository(), "", project.repoUrl);
        putIfChanged(changed, ProjectConfig.PROMPT, file.defaultPrompt(), Project.DEFAULT_PROMPT, project.defaultPrompt);
        putIfChanged(changed, ProjectConfig.BRANCH_PREFIX, file.branchPrefix(), Project.DEFAULT_BRANCH_PREFIX,
                project.branchPrefix);
        // defaults.main_branch wins over git.main_branch on import, so setting it is enough.
        putIfChanged(changed, ProjectConfig.MAIN_BRANCH, file.mainBranch(), Project.DEFAULT_BRANCH,
                project.defaultBranch);
        RejectionAction inFile = file.rejectionAction().flatMap(RejectionAction::fromChant).orElse(RejectionAction.STOP);
        if (inFile != action(project)) {
            changed.put(ProjectConfig.REJECTION_ACTION, action(project).chantName());
        }
        return changed;
    }

    /** A config.md with the project's name and every setting import reads. */
    static String generated(Project project) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("project", Map.of("name", project.name));
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("prompt", project.defaultPrompt);
        defaults.put("branch_prefix", project.branchPrefix);
        defaults.put("main_branch", project.defaultBranch);
        root.put("defaults", defaults);
        root.put("approval", Map.of("rejection_action", action(project).chantName()));
        if (project.repoUrl != null && !project.repoUrl.isEmpty()) {
            root.put("platform", Map.of("repository", project.repoUrl));
        }
        return "---\n" + FrontmatterYaml.dump(root) + "---\n\n# " + project.name + "\n\nExported by Chant Platform.\n";
    }

    private static RejectionAction action(Project project) {
        return project.rejectionAction == null ? RejectionAction.STOP : project.rejectionAction;
    }

    private static void putIfChanged(Map<String, String> changed, String path, Optional<String> inFile,
            String platformDefault, String actual) {
        String value = actual == null ? platformDefault : actual;
        if (!inFile.orElse(platformDefault).equals(value)) {
            changed.put(path, value);
        }
    }
}
