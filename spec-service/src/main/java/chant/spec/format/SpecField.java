package chant.spec.format;

import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The frontmatter fields the platform interprets, in the order they are written, each with how it
 * is read into a {@link SpecContent.Builder} and what is written for a {@link SpecContent}. Every
 * other field is kept as it is in {@link SpecContent#extraFrontmatter()}.
 */
enum SpecField {
    TYPE("type", (in, spec) -> spec.type(in.choice(SpecType::fromYaml, "a spec type", SpecType.allowedValues())),
            spec -> spec.type().yamlName()),
    STATUS("status", (in, spec) -> spec.status(
            in.choice(SpecStatus::fromYaml, "a spec status", SpecStatus.allowedValues())),
            spec -> spec.status().yamlName()),
    LABELS("labels", (in, spec) -> spec.labels(in.texts()), SpecContent::labels),
    DEPENDS_ON("depends_on", (in, spec) -> spec.dependsOn(in.texts()), SpecContent::dependsOn),
    INFORMED_BY("informed_by", (in, spec) -> spec.informedBy(in.texts()), SpecContent::informedBy),
    CONTEXT("context", (in, spec) -> spec.context(in.texts()), SpecContent::context),
    TARGET_FILES("target_files", (in, spec) -> spec.targetFiles(in.texts()), SpecContent::targetFiles),
    ORIGIN("origin", (in, spec) -> spec.origin(in.texts()), SpecContent::origin),
    TRACKS("tracks", (in, spec) -> spec.tracks(in.texts()), SpecContent::tracks),
    PROMPT("prompt", (in, spec) -> spec.prompt(in.text()), SpecContent::prompt),
    BRANCH("branch", (in, spec) -> spec.branch(in.text()), SpecContent::branch),
    COMMITS("commits", (in, spec) -> spec.commits(in.texts()), SpecContent::commits),
    COMPLETED_AT("completed_at", (in, spec) -> spec.completedAt(in.text()), SpecContent::completedAt),
    MODEL("model", (in, spec) -> spec.model(in.text()), SpecContent::model),
    APPROVAL("approval", (in, spec) -> spec.approval(readApproval(in)), spec -> writeApproval(spec.approval())),
    MEMBERS("members", (in, spec) -> spec.members(in.texts()), SpecContent::members);

    private static final List<String> APPROVAL_KEYS = List.of("required", "status", "by", "at");

    private final String yamlName;
    private final BiConsumer<FieldReader, SpecContent.Builder> reader;
    private final Function<SpecContent, Object> writer;

    SpecField(String yamlName, BiConsumer<FieldReader, SpecContent.Builder> reader,
            Function<SpecContent, Object> writer) {
        this.yamlName = yamlName;
        this.reader = reader;
        this.writer = writer;
    }

    /** The field's name in a spec file. */
    String yamlName() {
        return yamlName;
    }

    /** The interpreted field with this name in a spec file, if it is one. */
    static Optional<SpecField> byName(String yamlName) {
        return Arrays.stream(values()).filter(field -> field.yamlName.equals(yamlName)).findFirst();
    }

    /** Reads this field (absent when {@code in} has no value) into the spec being built. */
    void read(FieldReader in, SpecContent.Builder spec) {
        reader.accept(in, spec);
    }

    /** The value to write for this field; empty for an absent scalar or an empty list. */
    Optional<Object> valueIn(SpecContent spec) {
        Object value = writer.apply(spec);
        boolean empty = value == null || (value instanceof List<?> list && list.isEmpty());
        return empty ? Optional.empty() : Optional.of(value);
    }

    /** Whether this is a list field and the spec's list is empty. */
    boolean isEmptyListIn(SpecContent spec) {
        return writer.apply(spec) instanceof List<?> list && list.isEmpty();
    }

    private static Approval readApproval(FieldReader in) {
        if (!in.isMappingOf(APPROVAL_KEYS)) {
            return null;
        }
        boolean required = in.child("required").flag();
        ApprovalStatus status = in.child("status")
                .choice(ApprovalStatus::fromYaml, "an approval status", ApprovalStatus.allowedValues());
        return new Approval(required, Objects.requireNonNullElse(status, ApprovalStatus.PENDING),
                in.child("by").text(), in.child("at").text());
    }

    private static Map<String, Object> writeApproval(Approval approval) {
        if (approval == null) {
            return null;
        }
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("required", approval.required());
        putIfPresent(yaml, "status", approval.status() == null ? null : approval.status().yamlName());
        putIfPresent(yaml, "by", approval.by());
        putIfPresent(yaml, "at", approval.at());
        return yaml;
    }

    private static void putIfPresent(Map<String, Object> yaml, String key, String value) {
        if (value != null) {
            yaml.put(key, value);
        }
    }
}
