package chant.agent.prompt;

import java.util.Optional;

/**
 * Which template a run uses: the request's prompt ({@code chant work --prompt}), else the spec's
 * {@code prompt} field, else the project's default, else {@link #DEFAULT}. Blank counts as not given.
 */
public record PromptChoice(Optional<String> requested, Optional<String> specPrompt, Optional<String> projectDefault) {

    /** The template when nobody chose one. */
    public static final String DEFAULT = "standard";

    public PromptChoice {
        requested = requested.map(String::strip).filter(name -> !name.isEmpty());
        specPrompt = specPrompt.map(String::strip).filter(name -> !name.isEmpty());
        projectDefault = projectDefault.map(String::strip).filter(name -> !name.isEmpty());
    }

    /** From possibly-null or blank values, as they come from a request, a spec and a project. */
    public static PromptChoice of(String requested, String specPrompt, String projectDefault) {
        return new PromptChoice(Optional.ofNullable(requested), Optional.ofNullable(specPrompt), Optional.ofNullable(projectDefault));
    }

    /** The chosen template's name. */
    public String name() {
        return requested.or(() -> specPrompt).or(() -> projectDefault).orElse(DEFAULT);
    }

    /** Who chose it, for messages: {@code the request}, {@code the spec's prompt field}, ... */
    public String chosenBy() {
        if (requested.isPresent()) {
            return "the request";
        }
        if (specPrompt.isPresent()) {
            return "the spec's prompt field";
        }
        return projectDefault.isPresent() ? "the project's default" : "the platform's default";
    }
}
