package chant.spec.format;

import chant.spec.content.Problem;
import java.util.List;
import java.util.Map;

/**
 * A file split into its YAML frontmatter and its markdown body. The frontmatter is optional: it
 * starts with a first line that is exactly {@code ---} and ends at the next line that is exactly
 * {@code ---} (a CRLF line ending is tolerated); the body is everything after that line, kept
 * exactly. Without frontmatter the whole file is the body.
 */
record Frontmatter(YamlDocument yaml, String body) {

    private static final String DELIMITER = "---";

    /** The frontmatter's YAML starts on the file's second line, after the opening delimiter. */
    private static final int FIRST_YAML_LINE = 2;

    /**
     * Splits a file and loads its frontmatter.
     *
     * @throws SpecFormatException when the frontmatter is not closed or is not a valid YAML mapping
     */
    static Frontmatter read(String fileContent) {
        int yamlStart = endOfLine(fileContent, 0);
        if (!isDelimiter(fileContent, 0, yamlStart)) {
            return new Frontmatter(YamlDocument.EMPTY, fileContent);
        }
        for (int start = yamlStart; start < fileContent.length(); ) {
            int end = endOfLine(fileContent, start);
            if (isDelimiter(fileContent, start, end)) {
                YamlDocument yaml = SafeYaml.load(fileContent.substring(yamlStart, start), FIRST_YAML_LINE);
                return new Frontmatter(yaml, fileContent.substring(end));
            }
            start = end;
        }
        throw new SpecFormatException(List.of(Problem.error(SafeYaml.FRONTMATTER, null,
                "the opening '---' line has no closing '---' line: add one after the last field").atLine(1)));
    }

    /** Whether the file starts with a frontmatter block (an opening {@code ---} line). */
    static boolean hasFrontmatter(String fileContent) {
        return isDelimiter(fileContent, 0, endOfLine(fileContent, 0));
    }

    /** A file with the given frontmatter fields, in their order, and the body verbatim. */
    static String write(Map<String, Object> fields, String body) {
        return DELIMITER + "\n" + SafeYaml.dump(fields) + DELIMITER + "\n" + body;
    }

    /** The index just past the line that starts at {@code start}: past its '\n', or the end of the text. */
    private static int endOfLine(String text, int start) {
        int newline = text.indexOf('\n', start);
        return newline < 0 ? text.length() : newline + 1;
    }

    private static boolean isDelimiter(String text, int start, int end) {
        String line = text.substring(start, end);
        return line.equals(DELIMITER) || line.equals(DELIMITER + "\n") || line.equals(DELIMITER + "\r\n");
    }
}
