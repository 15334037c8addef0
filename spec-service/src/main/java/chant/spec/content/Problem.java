package chant.spec.content;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One thing wrong with a spec or a spec file: the file (import only), the field, the offending
 * value, and a message that says what is wrong and how to fix it.
 */
public record Problem(String file, String field, String value, String message, Severity severity, int line) {

    public enum Severity { ERROR, WARNING }

    public static Problem error(String field, String value, String message) {
        return new Problem(null, field, value, message, Severity.ERROR, 0);
    }

    public static Problem warning(String field, String value, String message) {
        return new Problem(null, field, value, message, Severity.WARNING, 0);
    }

    public Problem inFile(String path) {
        return new Problem(path, field, value, message, severity, line);
    }

    public Problem atLine(int fileLine) {
        return new Problem(file, field, value, message, severity, fileLine);
    }

    /** The same problem as a warning: for findings about something that was accepted anyway. */
    public Problem asWarning() {
        return new Problem(file, field, value, message, Severity.WARNING, line);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line for a person: {@code specs/x.md:3: type: 'feature' is not a spec type (allowed: ...)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        sb.append(message);
        return sb.toString();
    }

    /** The {@link #describe()} of each problem, joined into one line for an exception message. */
    public static String describeAll(List<Problem> problems) {
        return problems.stream().map(Problem::describe).collect(Collectors.joining("; "));
    }
}
