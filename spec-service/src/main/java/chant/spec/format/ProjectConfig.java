package chant.spec.format;

import chant.spec.content.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 * @param repository {@code platform.repository}: the project's git repository URL (the platform's
 *     own key: chant works inside its repository and has none)
 * @param raw the whole file as read
 */
public record ProjectConfig(
        Optional<String> name,
        Optional<String> defaultPrompt,
        Optional<String> branchPrefix,
        Optional<String> mainBranch,
        Optional<String> rejectionAction,
        Optional<String> repository,
        String raw) {

    public static final String PROMPT = "defaults.prompt";
    public static final String BRANCH_PREFIX = "defaults.branch_prefix";
    public static final String MAIN_BRANCH = "defaults.main_branch";
    public static final String REJECTION_ACTION = "approval.rejection_action";
    public static final String REPOSITORY = "platform.repository";

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
        Map<?, ?> platform = section(settings, "platform", problems);
        ProjectConfig config = new ProjectConfig(
                setting(project, "project.name", problems),
                setting(defaults, PROMPT, problems),
                setting(defaults, BRANCH_PREFIX, problems),
                setting(defaults, MAIN_BRANCH, problems)
                        .or(() -> setting(git, "git.main_branch", problems)),
                setting(approval, REJECTION_ACTION, problems),
                setting(platform, REPOSITORY, problems),
                configMd);
        if (!problems.isEmpty()) {
            throw new SpecFormatException(problems);
        }
        return config;
    }

    /**
     * A config file with the given settings ({@code "section.key"} to value) set in its frontmatter;
     * every other key, their order and the body are kept. The text itself when there is nothing to
     * set; otherwise the frontmatter is written anew (its comments are not kept).
     *
     * @throws SpecFormatException when the frontmatter is malformed
     */
    public static String withSettings(String configMd, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return configMd;
        }
        Frontmatter file = Frontmatter.read(configMd);
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> fields = new LinkedHashMap<>(file.yaml().values(file.yaml().fields(problems), problems));
        if (!problems.isEmpty()) {
            throw new SpecFormatException(problems);
        }
        settings.forEach((path, value) -> {
            String sectionName = path.substring(0, path.indexOf('.'));
            Map<Object, Object> section = new LinkedHashMap<>();
            if (fields.get(sectionName) instanceof Map<?, ?> existing) {
                section.putAll(existing);
            }
            section.put(path.substring(path.indexOf('.') + 1), value);
            fields.put(sectionName, section);
        });
        String body = Frontmatter.hasFrontmatter(configMd) ? file.body() : "\n" + file.body();
        return Frontmatter.write(fields, body);
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
