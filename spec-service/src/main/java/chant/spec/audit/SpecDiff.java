package chant.spec.audit;

import chant.spec.content.SpecContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The fields that differ between two versions of a spec, as {@code field: value} lines. */
public final class SpecDiff {

    private static final Map<String, Function<SpecContent, Object>> FIELDS = fields();

    private final String before;
    private final String after;

    private SpecDiff(String before, String after) {
        this.before = before;
        this.after = after;
    }

    public static SpecDiff between(SpecContent old, SpecContent current) {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        FIELDS.forEach((name, field) -> {
            Object a = old == null ? null : field.apply(old);
            Object b = field.apply(current);
            if (!Objects.equals(a, b)) {
                if (old != null) {
                    before.add(name + ": " + show(a));
                }
                after.add(name + ": " + show(b));
            }
        });
        return new SpecDiff(String.join("\n", before), String.join("\n", after));
    }

    /** Everything a new spec sets, as lines. */
    public static SpecDiff of(SpecContent created) {
        return between(null, created);
    }

    public boolean isEmpty() {
        return after.isEmpty() && before.isEmpty();
    }

    public Change as(EventKind kind) {
        return Change.of(kind, before, after);
    }

    private static String show(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(String::valueOf).toList()) + "]";
        }
        return String.valueOf(value);
    }

    private static Map<String, Function<SpecContent, Object>> fields() {
        Map<String, Function<SpecContent, Object>> f = new java.util.LinkedHashMap<>();
        f.put("type", c -> c.type().yamlName());
        f.put("labels", SpecContent::labels);
        f.put("depends_on", SpecContent::dependsOn);
        f.put("informed_by", SpecContent::informedBy);
        f.put("context", SpecContent::context);
        f.put("target_files", SpecContent::targetFiles);
        f.put("origin", SpecContent::origin);
        f.put("tracks", SpecContent::tracks);
        f.put("prompt", SpecContent::prompt);
        f.put("model", SpecContent::model);
        f.put("branch", SpecContent::branch);
        f.put("commits", SpecContent::commits);
        f.put("completed_at", SpecContent::completedAt);
        f.put("members", SpecContent::members);
        f.put("approval", c -> c.approval() == null ? null
                : "required=" + c.approval().required() + " status=" + (c.approval().status() == null ? ""
                        : c.approval().status().yamlName()));
        f.put("extra", c -> c.extraFrontmatter().isEmpty() ? null : c.extraFrontmatter().toString());
        f.put("body", c -> c.body().isEmpty() ? null : c.body().length() + " characters, hash " + Integer.toHexString(c.body().hashCode()));
        return java.util.Collections.unmodifiableMap(f);
    }
}
