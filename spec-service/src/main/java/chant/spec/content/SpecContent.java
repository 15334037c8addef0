package chant.spec.content;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a spec file says: the frontmatter fields the platform interprets, the ones it only
 * keeps ({@link #extraFrontmatter}, in their original order), the markdown body verbatim, and how
 * the file spelled values where that differs from the platform's own spelling ({@link #style}).
 * Independent of storage; the file format ({@code chant.spec.format}) reads and writes it.
 *
 * <p>List fields are never null (empty when absent); optional scalars are null when absent.
 */
public record SpecContent(
        SpecType type,
        SpecStatus status,
        List<String> labels,
        List<String> dependsOn,
        List<String> informedBy,
        List<String> context,
        List<String> targetFiles,
        List<String> origin,
        List<String> tracks,
        String prompt,
        String model,
        String branch,
        List<String> commits,
        String completedAt,
        List<String> members,
        Approval approval,
        Map<String, Object> extraFrontmatter,
        String body,
        FileStyle style) {

    public SpecContent {
        type = type == null ? SpecType.CODE : type;
        status = status == null ? SpecStatus.PENDING : status;
        labels = copy(labels);
        dependsOn = copy(dependsOn);
        informedBy = copy(informedBy);
        context = copy(context);
        targetFiles = copy(targetFiles);
        origin = copy(origin);
        tracks = copy(tracks);
        commits = copy(commits);
        members = copy(members);
        extraFrontmatter = extraFrontmatter == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraFrontmatter));
        body = body == null ? "" : body;
        style = style == null ? FileStyle.NONE : style;
    }

    private static List<String> copy(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    /** A spec with the given body and every field at its default (code, pending). */
    public static SpecContent ofBody(String body) {
        return builder().body(body).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .type(type).status(status).labels(labels).dependsOn(dependsOn).informedBy(informedBy)
                .context(context).targetFiles(targetFiles).origin(origin).tracks(tracks)
                .prompt(prompt).model(model).branch(branch).commits(commits).completedAt(completedAt)
                .members(members).approval(approval).extraFrontmatter(extraFrontmatter).body(body).style(style);
    }

    /** Builder for partial construction and copies with changes. */
    public static final class Builder {
        private SpecType type;
        private SpecStatus status;
        private List<String> labels;
        private List<String> dependsOn;
        private List<String> informedBy;
        private List<String> context;
        private List<String> targetFiles;
        private List<String> origin;
        private List<String> tracks;
        private String prompt;
        private String model;
        private String branch;
        private List<String> commits;
        private String completedAt;
        private List<String> members;
        private Approval approval;
        private Map<String, Object> extraFrontmatter;
        private String body;
        private FileStyle style;

        public Builder type(SpecType v) { type = v; return this; }
        public Builder status(SpecStatus v) { status = v; return this; }
        public Builder labels(List<String> v) { labels = v; return this; }
        public Builder dependsOn(List<String> v) { dependsOn = v; return this; }
        public Builder informedBy(List<String> v) { informedBy = v; return this; }
        public Builder context(List<String> v) { context = v; return this; }
        public Builder targetFiles(List<String> v) { targetFiles = v; return this; }
        public Builder origin(List<String> v) { origin = v; return this; }
        public Builder tracks(List<String> v) { tracks = v; return this; }
        public Builder prompt(String v) { prompt = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder branch(String v) { branch = v; return this; }
        public Builder commits(List<String> v) { commits = v; return this; }
        public Builder completedAt(String v) { completedAt = v; return this; }
        public Builder members(List<String> v) { members = v; return this; }
        public Builder approval(Approval v) { approval = v; return this; }
        public Builder extraFrontmatter(Map<String, Object> v) { extraFrontmatter = v; return this; }
        public Builder body(String v) { body = v; return this; }
        public Builder style(FileStyle v) { style = v; return this; }

        public SpecContent build() {
            return new SpecContent(type, status, labels, dependsOn, informedBy, context, targetFiles, origin,
                    tracks, prompt, model, branch, commits, completedAt, members, approval, extraFrontmatter, body,
                    style);
        }
    }
}
