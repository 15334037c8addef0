package chant.spec.transfer;

import chant.spec.content.Problem;
import chant.spec.content.SpecRules;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where things live in a chant {@code .chant/} folder, for import and export: spec files in
 * {@code specs/}, archived ones in {@code archive/<folder>/}, the project's {@code config.md}, and
 * documents (research, context, prompts, ...) everywhere else. Pure path logic on relative paths
 * with '/' separators; nothing here touches a file system.
 */
public final class ChantFolder {

    public static final String CONFIG = "config.md";

    private static final String SPECS = "specs/";
    private static final String ARCHIVE = "archive/";
    private static final String SPEC_SUFFIX = ".md";
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:");

    /** What a file in a {@code .chant/} folder is. */
    public sealed interface Entry permits SpecEntry, ConfigEntry, DocumentEntry {
    }

    /**
     * A spec file; its ID is the file name without {@code .md}.
     *
     * @param archiveFolder for an archived spec, the folders between {@code archive/} and the file
     *     ("" when it sits directly in {@code archive/}); "" for an active spec
     */
    public record SpecEntry(String id, boolean archived, String archiveFolder) implements Entry {
    }

    /** The project's {@code config.md}. */
    public record ConfigEntry() implements Entry {
    }

    /** Any other file, kept as a document under its path. */
    public record DocumentEntry(String path) implements Entry {
    }

    private ChantFolder() {
    }

    /**
     * What the file at {@code relativePath} (relative to the {@code .chant/} folder) is. A spec in a
     * subfolder of {@code specs/} is a spec too (chant keeps them flat); the ID is not checked here
     * (see {@link SpecRules#validateId}).
     *
     * @throws IllegalArgumentException for a path that is absolute, has backslashes, or has empty,
     *     '.' or '..' segments
     */
    public static Entry classify(String relativePath) {
        List<String> segments = Arrays.asList(checked(relativePath).split("/"));
        String fileName = segments.get(segments.size() - 1);
        if (relativePath.equals(CONFIG)) {
            return new ConfigEntry();
        }
        if (segments.size() > 1 && fileName.endsWith(SPEC_SUFFIX)) {
            String id = fileName.substring(0, fileName.length() - SPEC_SUFFIX.length());
            if (relativePath.startsWith(SPECS)) {
                return new SpecEntry(id, false, "");
            }
            if (relativePath.startsWith(ARCHIVE)) {
                return new SpecEntry(id, true, String.join("/", segments.subList(1, segments.size() - 1)));
            }
        }
        return new DocumentEntry(relativePath);
    }

    /**
     * The path of a spec file for export: {@code specs/<id>.md}, or
     * {@code archive/<archiveFolder>/<id>.md} for an archived spec.
     *
     * @param archiveFolder null or "" for none; must be "" or null for an active spec
     * @throws IllegalArgumentException for an invalid ID or archive folder
     */
    public static String specPath(String id, boolean archived, String archiveFolder) {
        List<Problem> idProblems = SpecRules.validateId(id);
        if (!idProblems.isEmpty()) {
            throw new IllegalArgumentException(Problem.describeAll(idProblems));
        }
        String folder = archiveFolder == null ? "" : archiveFolder;
        if (!archived) {
            if (!folder.isEmpty()) {
                throw new IllegalArgumentException("spec '" + id + "' is not archived, so it has no archive folder,"
                        + " but '" + folder + "' was given");
            }
            return SPECS + id + SPEC_SUFFIX;
        }
        return checked(ARCHIVE + (folder.isEmpty() ? "" : folder + "/") + id + SPEC_SUFFIX);
    }

    /** The path itself, when it is relative and plain: no backslash, no empty, '.' or '..' segment. */
    private static String checked(String path) {
        if (path.startsWith("/") || WINDOWS_DRIVE.matcher(path).find()) {
            throw new IllegalArgumentException("path '" + path + "' is absolute: give it relative to the .chant folder");
        }
        if (path.contains("\\")) {
            throw new IllegalArgumentException("path '" + path + "' has a backslash: separate folders with '/'");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path '" + path + "' contains a NUL character");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path '" + path + "' has " + (segment.isEmpty() ? "an empty"
                        : "a '" + segment + "'") + " segment: give a plain relative path like 'specs/<id>.md'");
            }
        }
        return path;
    }
}
