package chant.agent.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The prompt templates: the built-in ones (resources {@code chant/prompts/<name>.md}, written for this
 * platform) and a repository's own, {@code .chant/prompts/<name>.md}, which override a built-in of the
 * same name or add one. A template may start with YAML frontmatter (as chant's prompt files do); it is
 * not part of the prompt.
 */
public final class PromptTemplates {

    /** The built-in templates. */
    public static final List<String> BUILT_IN = List.of("standard", "triage", "reproduce", "research", "implement", "review",
            "documentation", "split", "merge-conflict", "verify");
    /** Where a repository keeps its own templates. */
    public static final String REPOSITORY_DIRECTORY = ".chant/prompts";
    static final String BUILT_IN_ORIGIN = "built-in";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /**
     * One template.
     *
     * @param name   its name
     * @param origin {@code built-in}, or the repository file it came from
     * @param text   its text without frontmatter
     */
    public record Template(String name, String origin, String text) {
    }

    private PromptTemplates() {
    }

    /** The template {@code name}: the repository's own if it has one, else the built-in. */
    static Template load(String name, RepositoryFiles repository, String chosenBy) {
        if (!NAME.matcher(name).matches()) {
            throw new PromptException("`" + name + "` (chosen by " + chosenBy + ") is not a template name: letters, digits, "
                    + "- and _, at most 64");
        }
        String file = REPOSITORY_DIRECTORY + "/" + name + ".md";
        RepositoryFiles.Lookup own = repository.lookup(file);
        if (own.file().isPresent()) {
            RepositoryFiles.Included included = repository.include(file);
            if (included.text().isEmpty() || included.cut()) {
                throw new PromptException("the repository's template " + file + " cannot be used: "
                        + included.problem().orElse("larger than " + RepositoryFiles.INCLUDE_LIMIT / 1024 + " KiB"));
            }
            return new Template(name, file, withoutFrontmatter(included.text().get()));
        }
        if (!own.missing()) {
            throw new PromptException("the repository's template " + file + " is refused: " + own.problem().orElseThrow());
        }
        Optional<String> builtIn = builtIn(name);
        if (builtIn.isPresent()) {
            return new Template(name, BUILT_IN_ORIGIN, withoutFrontmatter(builtIn.get()));
        }
        throw new PromptException("no prompt template `" + name + "` (chosen by " + chosenBy + "): the templates are "
                + String.join(", ", available(repository)));
    }

    /** Every template's name, built-in or the repository's own, sorted. */
    static List<String> available(RepositoryFiles repository) {
        TreeSet<String> names = new TreeSet<>(BUILT_IN);
        Path prompts = repository.root().resolve(REPOSITORY_DIRECTORY);
        if (Files.isDirectory(prompts) && repository.isInside(prompts)) {
            try (Stream<Path> files = Files.list(prompts)) {
                files.map(file -> file.getFileName().toString())
                        .filter(file -> file.endsWith(".md"))
                        .map(file -> file.substring(0, file.length() - ".md".length()))
                        .filter(name -> NAME.matcher(name).matches())
                        .forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + prompts, e);
            }
        }
        return List.copyOf(names);
    }

    private static Optional<String> builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            return Optional.empty();
        }
        String resource = "/chant/prompts/" + name + ".md";
        try (InputStream in = PromptTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the built-in prompt template " + resource + " is missing from this build");
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in prompt template " + resource, e);
        }
    }

    /** The text after a leading {@code ---} ... {@code ---} block, and the blank lines after it. */
    static String withoutFrontmatter(String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).stripTrailing().equals("---")) {
            return text;
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).stripTrailing().equals("---")) {
                int offset = 0;
                for (int j = 0; j <= i; j++) {
                    offset = text.indexOf('\n', offset) + 1;
                    if (offset == 0) {
                        return "";
                    }
                }
                return text.substring(offset).replaceFirst("^(\\s*\\n)+", "");
            }
        }
        return text;
    }
}
