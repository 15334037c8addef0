package chant.spec.format;

import chant.spec.content.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's {@code .chant/config.md}: the settings the platform uses, read from its frontmatter,
 * and the raw text, kept for export. Every setting is optional.
 *
 * @param name {@code project.name}
 * @param defaultPrompt {@code defaults.prompt}: the prompt of specs that name none
 * @param branchPrefix {@code defaults.branch_prefix}: the prefix of work branches
 * @param mainBranch {@code defaults.main_branch}, else {@code git.main_branch}: the branch work is merged into
 * @param rejectionAction {@code approval.rejection_action}: manual, dependency or group
 * @param raw the whole file as read
 */
public record ProjectConfig(
        Optional<String> name,
        Optional<String> defaultPrompt,
        Optional<String> branchPrefix,
        Optional<String> mainBranch,
        Optional<String> rejectionAction,
        String raw) {

    /**
     * Reads a config file; a file without frontmatter, or with only comments in it, has no settings.
     *
     * @throws SpecFormatException when the frontmatter is malformed or a setting has the wrong shape
     */
    public static ProjectConfig parse(String configMd) {
        YamlDocument yaml = Frontmatter.read(configMd).yaml();
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> settings = yaml.values(yaml.fields(problems), problems);
        Map<?, ?> project = section(settings, "project", problems);
        Map<?, ?> defaults = section(settings, "defaults", problems);
        Map<?, ?> git = section(settings, "git", problems);
        Map<?, ?> approval = section(settings, "approval", problems);
        ProjectConfig config = new ProjectConfig(
                setting(project, "project.name", problems),
                setting(defaults, "defaults.prompt", problems),
                setting(defaults, "defaults.branch_prefix", problems),
                setting(defaults, "defaults.main_branch", problems)
                        .or(() -> setting(git, "git.main_branch", problems)),
                setting(approval, "approval.rejection_action", problems),
                configMd);
        if (!problems.isEmpty()) {
            throw new SpecFormatException(problems);
        }
        return config;
    }

    private static Map<?, ?> section(Map<String, Object> settings, String name, List<Problem> problems) {
        Object value = settings.get(name);
        if (value instanceof Map<?, ?> section) {
            return section;
        }
        if (value != null) {
            problems.add(Problem.error(name, String.valueOf(value), "expected a mapping of settings"));
        }
        return Map.of();
    }

    /** The setting {@code path} ("section.key") as text: a scalar's value, empty when absent or null. */
    private static Optional<String> setting(Map<?, ?> section, String path, List<Problem> problems) {
        Object value = section.get(path.substring(path.indexOf('.') + 1));
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            problems.add(Problem.error(path, String.valueOf(value), "expected a single value"));
            return Optional.empty();
        }
        return Optional.ofNullable(value).map(String::valueOf);
    }
}
