package chant.agent.provider.openai;

import chant.agent.provider.LogText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The tools the platform's loop offers the model, acting on the run's worktree only:
 * {@code read_file}, {@code write_file}, {@code list_files}, {@code run_command} (in the sandbox) and
 * {@code finish} (the final answer, handled by the loop). Every path goes through
 * {@link WorktreePaths}; a refusal or a failure becomes an error result the model reads, never an
 * exception out of the loop.
 */
final class WorktreeTools {

    static final String READ = "read_file";
    static final String WRITE = "write_file";
    static final String LIST = "list_files";
    static final String COMMAND = "run_command";
    static final String FINISH = "finish";

    /** The most of a file {@code read_file} returns (the model is told the size and that it was cut). */
    static final int READ_MAX = 64 * 1024;
    /** The largest content {@code write_file} takes. */
    static final int WRITE_MAX = 1024 * 1024;
    /** The most entries {@code list_files} returns. */
    static final int LIST_MAX = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a tool did, for the model (text) and the log (a short summary). */
    record Result(boolean ok, String text, String summary) {

        static Result ok(String text, String summary) {
            return new Result(true, text, summary);
        }

        static Result error(String text) {
            return new Result(false, "error: " + text, text);
        }
    }

    private final WorktreePaths paths;
    private final SandboxedCommand commands;
    private final Duration commandLimit;

    WorktreeTools(WorktreePaths paths, SandboxedCommand commands, Duration commandLimit) {
        this.paths = paths;
        this.commands = commands;
        this.commandLimit = commandLimit;
    }

    /** The {@code tools} of a chat request: JSON schemas of the five functions. */
    static ArrayNode definitions(Duration commandLimit) {
        ArrayNode tools = JSON.createArrayNode();
        function(tools, READ, "Read a text file of the worktree. Paths are relative to the worktree's root. At most "
                + READ_MAX + " bytes are returned.", new String[][] {{"path", "string", "the file, e.g. src/main.c"}},
                "path");
        function(tools, WRITE, "Create or replace a file of the worktree with the given content (parent directories are"
                + " created).", new String[][] {{"path", "string", "the file, relative to the worktree's root"},
                        {"content", "string", "the file's whole new content"}}, "path", "content");
        function(tools, LIST, "List a directory of the worktree (directories end with /). With recursive, list the files"
                + " below it too (without .git). At most " + LIST_MAX + " entries.",
                new String[][] {{"path", "string", "the directory, relative to the worktree's root; . for the root"},
                        {"recursive", "boolean", "list everything below it"}});
        function(tools, COMMAND, "Run a shell command line with bash -c in the worktree, in a sandbox without network"
                + " access and without access outside the worktree. Standard output and error are returned with the exit"
                + " code. Time limit: " + commandLimit.toSeconds() + " s. Use it to build, test and commit with git.",
                new String[][] {{"command", "string", "the command line, e.g. make test"}}, "command");
        function(tools, FINISH, "End the work: call it once everything is done (and committed), with a summary of what"
                + " was done. Set success to false if the task could not be done, and say why in the summary.",
                new String[][] {{"summary", "string", "what was done, or why it could not be done"},
                        {"success", "boolean", "whether the task was done (default true)"}}, "summary");
        return tools;
    }

    private static void function(ArrayNode tools, String name, String description, String[][] parameters,
            String... required) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", name).put("description", description);
        ObjectNode schema = function.putObject("parameters").put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (String[] parameter : parameters) {
            properties.putObject(parameter[0]).put("type", parameter[1]).put("description", parameter[2]);
        }
        ArrayNode requiredNames = schema.putArray("required");
        for (String r : required) {
            requiredNames.add(r);
        }
    }

    /** The arguments of a call as JSON, or an error result saying what is wrong with them. */
    static JsonNode arguments(String raw) throws IOException {
        if (raw == null || raw.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new IOException("the arguments must be a JSON object, not " + LogText.abbreviate(raw, 100));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IOException("the arguments are not valid JSON (" + e.getOriginalMessage() + "): "
                    + LogText.abbreviate(raw, 100));
        }
    }

    /** A short description of a call for the log: the path or the command. */
    static String detail(String name, JsonNode arguments) {
        for (String field : List.of("path", "command")) {
            if (arguments.path(field).isTextual()) {
                return " " + LogText.abbreviate(arguments.get(field).asText(), 160);
            }
        }
        return "";
    }

    /** Carries out one call (never {@code finish}, which the loop handles). */
    Result execute(String name, JsonNode arguments) throws InterruptedException {
        try {
            return switch (name) {
                case READ -> read(text(arguments, "path"));
                case WRITE -> write(text(arguments, "path"), text(arguments, "content"));
                case LIST -> list(arguments.path("path").asText("."), arguments.path("recursive").asBoolean(false));
                case COMMAND -> command(text(arguments, "command"));
                default -> Result.error("there is no tool named " + name + ": use " + READ + ", " + WRITE + ", " + LIST + ", "
                        + COMMAND + " or " + FINISH);
            };
        } catch (IOException e) {
            return Result.error(e.getMessage());
        }
    }

    private static String text(JsonNode arguments, String field) throws IOException {
        JsonNode value = arguments.path(field);
        if (!value.isTextual()) {
            throw new IOException("the argument " + field + " (a string) is missing");
        }
        return value.asText();
    }

    private Result read(String given) throws IOException {
        Path file = paths.resolve(given, false);
        if (!Files.exists(file)) {
            throw new IOException(given + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(given + " is not a regular file" + (Files.isDirectory(file) ? " (a directory: use "
                    + LIST + ")" : ""));
        }
        long size = Files.size(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(READ_MAX);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new IOException(given + " is a binary file (" + size + " bytes)");
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String shown = paths.shown(file);
        if (size > READ_MAX) {
            return Result.ok(text + "\n[cut: " + shown + " has " + size + " bytes; only the first " + READ_MAX + " are shown]",
                    "read " + shown + " (first " + READ_MAX + " of " + size + " bytes)");
        }
        return Result.ok(text, "read " + shown + " (" + size + " bytes)");
    }

    private Result write(String given, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > WRITE_MAX) {
            throw new IOException("the content has " + bytes.length + " bytes; at most " + WRITE_MAX + " can be written at once");
        }
        Path file = paths.resolve(given, true);
        if (file.equals(paths.root()) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(given + " is a directory");
        }
        Files.createDirectories(file.getParent());
        // The parents were checked and created inside; the file itself is never followed if it is a link.
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            out.write(bytes);
        }
        String shown = paths.shown(file);
        return Result.ok("wrote " + shown + " (" + bytes.length + " bytes)", "wrote " + shown + " (" + bytes.length + " bytes)");
    }

    private Result list(String given, boolean recursive) throws IOException {
        Path directory = paths.resolve(given.isBlank() ? "." : given, false);
        if (!Files.isDirectory(directory)) {
            throw new IOException(given + " is not a directory");
        }
        List<String> entries = new ArrayList<>();
        boolean more = false;
        if (recursive) {
            // Walks in order and stops after the limit; .git is skipped, not walked (it can be large), links not followed.
            boolean[] cut = {false};
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (dir.equals(directory)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (dir.getFileName().toString().equals(".git")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return add(dir);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    return file.getFileName().toString().equals(".git") ? FileVisitResult.CONTINUE : add(file);
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                private FileVisitResult add(Path path) {
                    if (entries.size() == LIST_MAX) {
                        cut[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    entries.add(entry(directory, path));
                    return FileVisitResult.CONTINUE;
                }
            });
            more = cut[0];
            entries.sort(null);
        } else {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
                stream.forEach(children::add);
            }
            children.sort(null);
            more = children.size() > LIST_MAX;
            children.stream().limit(LIST_MAX).forEach(p -> entries.add(entry(directory, p)));
        }
        String shown = paths.shown(directory);
        String text = entries.isEmpty() ? "(empty)" : String.join("\n", entries);
        if (more) {
            text += "\n[only the first " + LIST_MAX + " entries are shown]";
        }
        return Result.ok(text, "listed " + shown + " (" + entries.size() + (more ? "+" : "") + " entries)");
    }

    private static String entry(Path directory, Path path) {
        String name = directory.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
            return name + "@";
        }
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name;
    }

    private Result command(String commandLine) throws IOException, InterruptedException {
        if (commandLine.isBlank()) {
            throw new IOException("the command is empty");
        }
        SandboxedCommand.Result result = commands.run(commandLine, commandLimit);
        String output = result.output().isEmpty() ? "(no output)" : result.output();
        if (result.timedOut()) {
            String why = "the command was stopped after its time limit of " + commandLimit.toSeconds() + " s";
            return new Result(false, "error: " + why + "\n" + output, why);
        }
        String text = "exit code " + result.exitCode() + "\n" + output;
        return new Result(result.exitCode() == 0, text, "exit code " + result.exitCode() + ", " + result.bytes() + " bytes of output");
    }
}
