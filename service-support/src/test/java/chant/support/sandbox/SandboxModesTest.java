package chant.support.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without bubblewrap a sandboxed run is refused with how to install it; unsandboxed is explicit and still clears the environment. */
class SandboxModesTest {

    @TempDir
    Path dir;

    @Test
    void aMissingBwrapIsRefusedWithHowToInstallIt() {
        Sandbox sandbox = Sandbox.bubblewrap(Bubblewrap.at(dir.resolve("no-bwrap")), SystemLayout.mergedUsr());
        SandboxSpec spec = SandboxSpec.forWorktree(dir).build();

        SandboxUnavailableException refused = assertThrows(SandboxUnavailableException.class,
                () -> sandbox.processBuilder(spec, List.of("true")));

        assertTrue(refused.getMessage().contains("apt-get install bubblewrap"), refused.getMessage());
        assertTrue(refused.getMessage().contains("CHANT_AGENT_UNSANDBOXED"), refused.getMessage());
        assertThrows(SandboxUnavailableException.class, sandbox::check);
    }

    @Test
    void bwrapNotOnThePathIsNotInstalled() {
        assertEquals(java.util.Optional.empty(), Bubblewrap.findOnPath("bwrap", dir.toString()));
        assertEquals(java.util.Optional.empty(), Bubblewrap.findOnPath("bwrap", null));
    }

    @Test
    void bwrapOnThisMachineWorks() {
        Bubblewrap bwrap = Bubblewrap.onPath();
        assertEquals(java.util.Optional.empty(), bwrap.problem(), "scripts/test installs bubblewrap");
        assertTrue(bwrap.works());
    }

    @Test
    void unsandboxedRunsTheCommandItselfWithOnlyTheGivenEnvironment() {
        Sandbox sandbox = Sandbox.unsandboxed();
        Path home = dir.resolve("home");
        SandboxSpec spec = SandboxSpec.forWorktree(dir).homeDirectory(home).env("PATH", "/usr/bin:/bin").build();

        ProcessBuilder builder = sandbox.processBuilder(spec, List.of("claude", "-p", "x"));

        assertFalse(sandbox.isSandboxed());
        sandbox.check();
        assertEquals(List.of("claude", "-p", "x"), builder.command());
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString()), builder.environment());
        assertEquals(dir.toFile(), builder.directory());
    }
}
