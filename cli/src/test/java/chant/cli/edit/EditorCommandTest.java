package chant.cli.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.cli.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EditorCommandTest {

    private static List<String> editorFor(Map<String, String> env) {
        return EditorCommand.resolve(Settings.of(env, new Properties()));
    }

    @Test
    void visualWinsOverEditor() {
        assertEquals(List.of("code", "--wait"), editorFor(Map.of("VISUAL", "code --wait", "EDITOR", "nano")));
    }

    @Test
    void editorWhenVisualIsUnsetOrBlank() {
        assertEquals(List.of("nano"), editorFor(Map.of("EDITOR", "nano")));
        assertEquals(List.of("nano"), editorFor(Map.of("VISUAL", " ", "EDITOR", "nano")));
    }

    @Test
    void viByDefault() {
        assertEquals(List.of("vi"), editorFor(Map.of()));
    }

    @Test
    void splitsAtWhitespaceWithoutShellSyntax() {
        assertEquals(List.of("emacsclient", "-t", "'a", "b'", "|", "rm"),
                EditorCommand.split("  emacsclient\t-t  'a b' | rm "));
    }
}
