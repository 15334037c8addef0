package chant.spec.content;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The spelling of the spec enums in files: the constant's name in lower case. */
final class YamlEnum {

    private YamlEnum() {
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase();
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> name(e).equals(value)).findFirst();
    }

    /** "a, b, c" for error messages. */
    static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(YamlEnum::name).collect(Collectors.joining(", "));
    }
}
