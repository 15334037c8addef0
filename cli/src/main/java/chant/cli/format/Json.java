package chant.cli.format;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Proto JSON (the canonical mapping: lowerCamelCase names, enums by name, 64-bit integers as
 * strings), with fields at their default value included so that scripts find every key.
 */
public final class Json {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private Json() {
    }

    public static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types fail; chant.v1 has none.
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code {"<name>": [messages...], "total": total}}, indented like the messages. */
    public static String listWithTotal(String name, List<? extends MessageOrBuilder> messages, long total) {
        String items = messages.stream()
                .map(message -> indent(print(message), "    "))
                .collect(Collectors.joining(",\n"));
        return "{\n  \"" + name + "\": [" + (items.isEmpty() ? "" : "\n" + items + "\n  ") + "],\n"
                + "  \"total\": " + total + "\n}";
    }

    /** {@code [messages...]}, each indented by two spaces; {@code []} for none. */
    public static String array(List<? extends MessageOrBuilder> messages) {
        String items = messages.stream()
                .map(message -> indent(print(message), "  "))
                .collect(Collectors.joining(",\n"));
        return items.isEmpty() ? "[]" : "[\n" + items + "\n]";
    }

    private static String indent(String text, String prefix) {
        return text.lines().map(line -> prefix + line).collect(Collectors.joining("\n"));
    }
}
