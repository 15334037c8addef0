package chant.spec.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.spec.content.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectConfigTest {

    private static String file(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void readsTheSettingsAndKeepsTheText() {
        String text = file("---", "project:", "  name: harbour-tides", "defaults:", "  prompt: standard",
                "  branch_prefix: work/", "  main_branch: trunk", "  provider: claude", "---", "# Config");

        ProjectConfig config = ProjectConfig.parse(text);

        assertEquals(new ProjectConfig(Optional.of("harbour-tides"), Optional.of("standard"), Optional.of("work/"),
                Optional.of("trunk"), Optional.empty(), Optional.empty(), text), config);
    }

    @Test
    void theRejectionActionComesFromTheApprovalSection() {
        ProjectConfig config = ProjectConfig.parse(file("---", "approval:", "  rejection_action: dependency", "---"));

        assertEquals(Optional.of("dependency"), config.rejectionAction());
    }

    @Test
    void theMainBranchMayComeFromTheGitSection() {
        ProjectConfig config = ProjectConfig.parse(file("---", "git:", "  main_branch: main", "---"));

        assertEquals(Optional.of("main"), config.mainBranch());
    }

    @Test
    void defaultsMainBranchWinsOverGitMainBranch() {
        ProjectConfig config = ProjectConfig.parse(file("---", "defaults: {main_branch: trunk}",
                "git: {main_branch: main}", "---"));

        assertEquals(Optional.of("trunk"), config.mainBranch());
    }

    @Test
    void commentOnlyFrontmatterIsValidAndEmpty() {
        String text = file("---", "# Nothing configured for this example", "---", "", "# Config");

        assertEquals(new ProjectConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), text),
                ProjectConfig.parse(text));
    }

    @Test
    void aFileWithoutFrontmatterHasNoSettings() {
        assertEquals(Optional.empty(), ProjectConfig.parse("# Just text\n").name());
    }

    @Test
    void scalarSettingsAreReadAsText() {
        assertEquals(Optional.of("2026"), ProjectConfig.parse(file("---", "project: {name: 2026}", "---")).name());
    }

    @Test
    void malformedYamlIsRefusedWithItsLine() {
        SpecFormatException e = assertThrows(SpecFormatException.class,
                () -> ProjectConfig.parse(file("---", "project:", "  name: a", " defaults: b", "---")));

        Problem problem = e.problems().get(0);
        assertEquals("frontmatter", problem.field());
        assertEquals(4, problem.line());
    }

    @Test
    void settingsOfTheWrongShapeAreRefused() {
        SpecFormatException e = assertThrows(SpecFormatException.class,
                () -> ProjectConfig.parse(file("---", "project: harbour", "defaults: {prompt: [a, b]}", "---")));

        assertEquals(2, e.problems().size());
        assertEquals(Problem.error("project", "harbour", "expected a mapping of settings"), e.problems().get(0));
        assertEquals(Problem.error("defaults.prompt", "[a, b]", "expected a single value"), e.problems().get(1));
    }

    @Test
    void theRepositoryIsThePlatformsOwnKey() {
        ProjectConfig config = ProjectConfig.parse(file("---", "platform:", "  repository: https://git.example/tides.git",
                "---"));

        assertEquals(Optional.of("https://git.example/tides.git"), config.repository());
    }

    @Test
    void settingsAreWrittenIntoTheFrontmatterKeepingOtherKeysTheirOrderAndTheBody() {
        String text = file("---", "project:", "  name: tides", "defaults:", "  prompt: standard", "  model: haiku",
                "spec_defaults: {code: {target_files: required}}", "---", "", "# Tides", "", "Kept as written.");

        String updated = ProjectConfig.withSettings(text, new java.util.LinkedHashMap<>(java.util.Map.of(
                "defaults.prompt", "research")));
        String added = ProjectConfig.withSettings(updated, java.util.Map.of("approval.rejection_action", "group"));

        assertEquals(file("---", "project:", "  name: tides", "defaults:", "  prompt: research", "  model: haiku",
                "spec_defaults:", "  code:", "    target_files: required", "approval:", "  rejection_action: group",
                "---", "", "# Tides", "", "Kept as written."), added);
        assertEquals(Optional.of("research"), ProjectConfig.parse(added).defaultPrompt());
    }

    @Test
    void withNoSettingsToWriteTheTextIsKeptExactly() {
        String text = file("---", "# only a comment", "---", "# Config");

        assertEquals(text, ProjectConfig.withSettings(text, java.util.Map.of()));
    }

    @Test
    void aFileWithoutFrontmatterGetsOne() {
        assertEquals(file("---", "defaults:", "  main_branch: trunk", "---", "", "# Notes"),
                ProjectConfig.withSettings("# Notes\n", java.util.Map.of("defaults.main_branch", "trunk")));
    }
}
