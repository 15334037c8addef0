package chant.spec.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules every spec must follow on the platform, whatever chant accepts: a bounded body,
 * well-formed labels, and paths that stay inside the repository. Also the rule for IDs taken from
 * imported file names. A title is not one of them: chant loads files without one, so a spec
 * without one is stored (titled by its ID) and lint warns; creating a spec needs one.
 */
public final class SpecRules {

    /** The largest body, in UTF-8 bytes (1 MiB). */
    public static final int MAX_BODY_BYTES = 1_048_576;
    public static final int MAX_LABELS = 100;
    public static final int MAX_ID_LENGTH = chant.spec.id.SpecId.MAX_LENGTH;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:");

    private SpecRules() {
    }

    /** Every rule the spec breaks, as errors naming the field and the value; empty when it is valid. */
    public static List<Problem> validate(SpecContent spec) {
        List<Problem> problems = new ArrayList<>();
        checkBodySize(spec.body(), problems);
        checkLabels(spec.labels(), problems);
        checkPaths("target_files", spec.targetFiles(), problems);
        checkPaths("informed_by", spec.informedBy(), problems);
        checkPaths("context", spec.context(), problems);
        checkPaths("origin", spec.origin(), problems);
        checkPaths("tracks", spec.tracks(), problems);
        return problems;
    }

    /** @throws InvalidSpecException with every problem when the spec breaks a rule */
    public static void requireValid(SpecContent spec) {
        List<Problem> problems = validate(spec);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    /**
     * The problems of an ID taken from an imported file name (its stem): it must be 1 to 100 of
     * letters, digits, '.', '_' and '-', not start with '.', and not contain "..".
     */
    public static List<Problem> validateId(String id) {
        return idProblem(id).map(message -> List.of(Problem.error("id", id, message))).orElse(List.of());
    }

    private static Optional<String> idProblem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("the ID is empty: name the file after the spec's ID");
        }
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of("the ID is " + id.length() + " characters long, more than " + MAX_ID_LENGTH
                    + ": shorten it");
        }
        if (!ID.matcher(id).matches()) {
            return Optional.of("ID '" + id + "' has characters that are not allowed: use ASCII letters and digits, '.', '_'"
                    + " and '-'");
        }
        if (id.startsWith(".")) {
            return Optional.of("ID '" + id + "' starts with '.': start it with an ASCII letter or digit");
        }
        if (id.contains("..")) {
            return Optional.of("ID '" + id + "' contains '..': use single dots");
        }
        return Optional.empty();
    }

    private static void checkBodySize(String body, List<Problem> problems) {
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            problems.add(Problem.error("body", null, "the body is " + bytes + " bytes (UTF-8), over the limit of "
                    + MAX_BODY_BYTES + " bytes: move long content into a document and reference it"));
        }
    }

    private static void checkLabels(List<String> labels, List<Problem> problems) {
        if (labels.size() > MAX_LABELS) {
            problems.add(Problem.error("labels", String.valueOf(labels.size()), "a spec has at most " + MAX_LABELS
                    + " labels, this one has " + labels.size() + ": remove some"));
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                problems.add(Problem.error("labels", label, "label '" + label + "' has characters that are not"
                        + " allowed: use ASCII letters and digits, '.', '_', '/' and '-'"));
            }
        }
    }

    private static void checkPaths(String field, List<String> paths, List<Problem> problems) {
        for (String path : paths) {
            pathProblem(path).ifPresent(message -> problems.add(Problem.error(field, path, message)));
        }
    }

    private static Optional<String> pathProblem(String path) {
        if (path.isEmpty()) {
            return Optional.of("the path is empty: use a path relative to the repository root");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("the path contains a NUL character: remove it");
        }
        if (path.startsWith("/") || path.startsWith("\\") || WINDOWS_DRIVE.matcher(path).find()) {
            return Optional.of("path '" + path + "' is absolute: use a path relative to the repository root");
        }
        if (climbsOut(path)) {
            return Optional.of("path '" + path + "' leaves the repository: use a path relative to the repository"
                    + " root without '..'");
        }
        return Optional.empty();
    }

    /** Whether, resolving '..' against the segments before it, the path goes above where it starts. */
    private static boolean climbsOut(String path) {
        int depth = 0;
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..")) {
                depth--;
                if (depth < 0) {
                    return true;
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
        }
        return false;
    }
}
