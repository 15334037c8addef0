package chant.spec.store;

import chant.spec.content.FileStyle;
import chant.spec.format.FrontmatterYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A spec's {@link FileStyle} as YAML text (the {@code file_style} column): a list of
 * {@code [field, text, quoting]} and the list fields written empty; empty text when there is none.
 */
final class StoredFileStyle {

    private static final String SCALARS = "scalars";
    private static final String EMPTY_LISTS = "empty_lists";

    private StoredFileStyle() {
    }

    static String render(FileStyle style) {
        if (style.isNone()) {
            return "";
        }
        List<List<String>> scalars = new ArrayList<>();
        style.scalars().forEach((field, texts) -> texts.forEach((text, quoting) ->
                scalars.add(List.of(field, text, quoting.name().toLowerCase(Locale.ROOT)))));
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(SCALARS, scalars);
        yaml.put(EMPTY_LISTS, List.copyOf(style.emptyLists()));
        return FrontmatterYaml.dump(yaml);
    }

    static FileStyle parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return FileStyle.NONE;
        }
        Map<String, Object> stored = FrontmatterYaml.load(yaml);
        FileStyle.Builder style = new FileStyle.Builder();
        for (Object entry : (List<?>) stored.getOrDefault(SCALARS, List.of())) {
            List<?> scalar = (List<?>) entry;
            style.scalar(String.valueOf(scalar.get(0)), String.valueOf(scalar.get(1)),
                    FileStyle.Quoting.valueOf(String.valueOf(scalar.get(2)).toUpperCase(Locale.ROOT)));
        }
        for (Object field : (List<?>) stored.getOrDefault(EMPTY_LISTS, List.of())) {
            style.emptyList(String.valueOf(field));
        }
        return style.build();
    }
}
