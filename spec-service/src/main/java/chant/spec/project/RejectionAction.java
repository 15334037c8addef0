package chant.spec.project;

import java.util.Optional;

/** What rejecting a spec does next, per project (config.md {@code approval.rejection_action}). */
public enum RejectionAction {
    /** Nothing more: the spec stays rejected until edited and sent for approval again (chant's "manual"). */
    STOP,
    /** A fix-up spec is created and the rejected spec depends on it. */
    DEPENDENCY,
    /** The spec becomes a group with one member per acceptance criterion. */
    GROUP;

    /** The value chant's config.md spells this action with: manual, dependency or group. */
    public String chantName() {
        return this == STOP ? "manual" : name().toLowerCase();
    }

    /** chant's config spelling: manual, dependency, group. */
    public static Optional<RejectionAction> fromChant(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase()) {
            case "manual", "stop" -> Optional.of(STOP);
            case "dependency" -> Optional.of(DEPENDENCY);
            case "group" -> Optional.of(GROUP);
            default -> Optional.empty();
        };
    }
}
