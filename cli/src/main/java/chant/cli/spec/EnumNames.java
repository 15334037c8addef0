package chant.cli.spec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The names a person types for a proto enum: {@code SPEC_STATUS_IN_PROGRESS} is
 * {@code in_progress} (also {@code in-progress}, any case), as in chant's frontmatter.
 */
public final class EnumNames<E extends Enum<E>> {
    private final String what;
    private final String prefix;
    private final Map<String, E> byName = new LinkedHashMap<>();

    public EnumNames(Class<E> type, String prefix, String what) {
        this.what = what;
        this.prefix = prefix;
        for (E value : type.getEnumConstants()) {
            if (value.name().startsWith(prefix) && !value.name().endsWith("_UNSPECIFIED")) {
                byName.put(value.name().substring(prefix.length()).toLowerCase(Locale.ROOT), value);
            }
        }
    }

    /** The constant for a typed name; the message of the exception lists the allowed names. */
    public E parse(String text) {
        E value = byName.get(text.strip().toLowerCase(Locale.ROOT).replace('-', '_'));
        if (value == null) {
            throw new IllegalArgumentException(
                    "unknown " + what + " '" + text + "'; expected one of " + allowed());
        }
        return value;
    }

    /** The typed name of a constant: "" for UNSPECIFIED, "unknown" for values of a newer server. */
    public String name(E value) {
        if (value.name().startsWith(prefix) && !value.name().endsWith("_UNSPECIFIED")) {
            return value.name().substring(prefix.length()).toLowerCase(Locale.ROOT);
        }
        return value.name().endsWith("_UNSPECIFIED") ? "" : "unknown";
    }

    /** "a, b, c" */
    public String allowed() {
        return String.join(", ", byName.keySet());
    }

    /**
     * The picocli converter. A class, not a lambda: picocli's interfaces are compiled for Java 5,
     * and a lambda implementing one keeps the interface, and every class implementing it, out of
     * bin/chant's class-data archive.
     */
    public ITypeConverter<E> converter() {
        return new ITypeConverter<>() {
            @Override
            public E convert(String text) {
                try {
                    return parse(text);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException(e.getMessage());
                }
            }
        };
    }
}
