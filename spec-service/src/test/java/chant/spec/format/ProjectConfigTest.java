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
                Optional.of("trunk"), Optional.empty(), text), config);
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

        assertEquals(new ProjectConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), text),
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
}
