package chant.spec.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.spec.format.ProjectConfig;
import chant.spec.project.Project;
import chant.spec.project.RejectionAction;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigExportTest {

    private static Project project() {
        Project project = new Project();
        project.name = "tides";
        return project;
    }

    /** What import sets on a new project from a config.md (see SpecImporter.applyConfig). */
    private static Project importedInto(String configMd) {
        ProjectConfig config = ProjectConfig.parse(configMd);
        Project project = project();
        config.defaultPrompt().ifPresent(v -> project.defaultPrompt = v);
        config.branchPrefix().ifPresent(v -> project.branchPrefix = v);
        config.mainBranch().ifPresent(v -> project.defaultBranch = v);
        config.rejectionAction().flatMap(RejectionAction::fromChant).ifPresent(v -> project.rejectionAction = v);
        config.repository().ifPresent(v -> project.repoUrl = v);
        return project;
    }

    private static void assertSameSettings(Project expected, Project actual) {
        assertEquals(expected.repoUrl, actual.repoUrl);
        assertEquals(expected.defaultPrompt, actual.defaultPrompt);
        assertEquals(expected.branchPrefix, actual.branchPrefix);
        assertEquals(expected.defaultBranch, actual.defaultBranch);
        assertEquals(expected.rejectionAction, actual.rejectionAction);
    }

    private static Project customised() {
        Project project = project();
        project.repoUrl = "https://git.example/tides.git";
        project.defaultPrompt = "research";
        project.branchPrefix = "work/";
        project.defaultBranch = "trunk";
        project.rejectionAction = RejectionAction.DEPENDENCY;
        return project;
    }

    @Test
    void aGeneratedConfigCarriesEverySettingImportReads() {
        Project project = customised();

        String configMd = ConfigExport.configMarkdown(project);

        assertSameSettings(project, importedInto(configMd));
        assertEquals(Optional.of("tides"), ProjectConfig.parse(configMd).name());
        assertEquals(Optional.of("dependency"), ProjectConfig.parse(configMd).rejectionAction());
    }

    @Test
    void stopIsWrittenWithChantsNameManual() {
        assertEquals(Optional.of("manual"), ProjectConfig.parse(ConfigExport.configMarkdown(project())).rejectionAction());
    }

    @Test
    void anImportedConfigGetsTheSettingsChangedSinceAndKeepsItsText() {
        Project project = customised();
        project.configMarkdown = "---\nproject:\n  name: tides\ngit:\n  main_branch: main\ndefaults:\n"
                + "  prompt: standard\n  provider: claude\n---\n\n# Tides\n\nOur notes.\n";

        String configMd = ConfigExport.configMarkdown(project);

        assertSameSettings(project, importedInto(configMd));
        assertEquals("---\nproject:\n  name: tides\ngit:\n  main_branch: main\ndefaults:\n  prompt: research\n"
                + "  provider: claude\n  branch_prefix: work/\n  main_branch: trunk\nplatform:\n"
                + "  repository: https://git.example/tides.git\napproval:\n  rejection_action: dependency\n"
                + "---\n\n# Tides\n\nOur notes.\n", configMd);
    }

    @Test
    void anImportedConfigThatAgreesIsExportedExactly() {
        String text = "---\n# chant's defaults\napproval:\n  rejection_action: manual\ndefaults:\n  prompt: standard\n"
                + "---\n# Config\n";
        Project project = importedInto(text);
        project.configMarkdown = text;

        assertEquals(text, ConfigExport.configMarkdown(project));
        assertEquals(Map.of(), ConfigExport.changedSince(ProjectConfig.parse(text), project));
    }
}
