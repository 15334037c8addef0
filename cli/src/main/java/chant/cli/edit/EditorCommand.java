package chant.cli.edit;

import chant.cli.config.Settings;
import java.util.List;

/** The editor to run: {@code $VISUAL}, else {@code $EDITOR}, else {@code vi}. */
public final class EditorCommand {
    static final String DEFAULT = "vi";

    private EditorCommand() {
    }

    /**
     * The editor's program and arguments. The variable is split at whitespace ("code --wait")
     * and never given to a shell, so quotes and other shell syntax have no meaning in it.
     */
    public static List<String> resolve(Settings settings) {
        return split(settings.env("VISUAL").or(() -> settings.env("EDITOR")).orElse(DEFAULT));
    }

    static List<String> split(String command) {
        return List.of(command.strip().split("\\s+"));
    }
}
