package chant.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsComeFromTheEnvironmentThenTheBuiltIns() {
        Options o = Options.parse(new String[0], Map.of("CHANT_SERVER", "127.0.0.1:8191"));
        assertEquals("127.0.0.1", o.host());
        assertEquals(8191, o.port());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/chant", o.jdbcUrl());
        assertEquals(2000, o.ops());
        assertEquals(List.of(1, 4, 16), o.concurrency());
        assertEquals(100_000, o.listSpecs());
        assertEquals(200, o.listOps());
        assertEquals(List.of(1, 4, 16), o.listConcurrency());
        assertEquals(5000, o.seedBatch());
        assertEquals(250, Options.parse(new String[] {"--seed-batch", "250"}, Map.of()).seedBatch());
    }

    @Test
    void quickShrinksTheRunButExplicitOptionsWin() {
        Options quick = Options.parse(new String[] {"--quick"}, Map.of());
        assertEquals(300, quick.ops());
        assertEquals(10_000, quick.listSpecs());
        assertEquals(30, quick.listOps());
        Options mixed = Options.parse(new String[] {"--quick", "--ops=500", "--concurrency", "2,8"}, Map.of());
        assertEquals(500, mixed.ops());
        assertEquals(List.of(2, 8), mixed.concurrency());
    }

    @Test
    void refusesWhatCannotRun() {
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--ops"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--ops", "0"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--ops", "8", "--concurrency", "16"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--ops", "20000"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--bogus"}, Map.of()));
        Options remote = Options.parse(new String[] {"--server", "192.0.2.1:8181"}, Map.of());
        assertThrows(Options.UsageException.class, remote::requireLoopback);
    }

    @Test
    void phasesChooseWhatRuns() {
        Options all = Options.parse(new String[0], Map.of());
        for (Options.Phase phase : Options.Phase.values()) {
            // The run phases need agent-service and merges needs merge-service: only when asked for.
            assertEquals(!phase.needsAgentService() && phase != Options.Phase.SANDBOX && phase != Options.Phase.MERGES,
                    all.runs(phase), phase + " by default");
        }
        assertFalse(all.needsAgentService());
        Options some = Options.parse(new String[] {"--phases", "create,get, ready"}, Map.of());
        assertTrue(some.runs(Options.Phase.GET));
        assertTrue(some.runs(Options.Phase.READY));
        assertFalse(some.runs(Options.Phase.LIST));
        assertFalse(some.runs(Options.Phase.TRANSITION));
        Options merges = Options.parse(new String[] {"--phases", "merges", "--merges", "7", "--merge-server",
            "localhost:9183"}, Map.of());
        assertTrue(merges.runs(Options.Phase.MERGES));
        assertEquals(7, merges.merges());
        assertEquals(9183, merges.mergePort());
        assertEquals(20, Options.parse(new String[] {"--quick"}, Map.of()).merges());
        assertEquals(100, all.merges());
        Options.UsageException unknown = assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--phases=create,lists"}, Map.of()));
        assertTrue(unknown.getMessage().contains("unknown phase 'lists'"), unknown.getMessage());
        Options.UsageException getAlone = assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--phases", "get"}, Map.of()));
        assertTrue(getAlone.getMessage().contains("add create"), getAlone.getMessage());
    }

    @Test
    void theRunPhasesTakeTheirOwnSettings() {
        Options runs = Options.parse(new String[] {"--phases", "runs,throughput,sandbox", "--agent-server",
            "127.0.0.1:18382", "--runs=5", "--throughput-runs", "12", "--run-concurrency", "3", "--sandbox-starts", "20"},
                Map.of("CHANT_AGENT_SERVICE_APP", "/opt/agent/quarkus-app"));
        assertTrue(runs.needsAgentService());
        assertFalse(runs.runs(Options.Phase.CREATE));
        assertEquals("127.0.0.1", runs.agentHost());
        assertEquals(18382, runs.agentPort());
        assertEquals(5, runs.runs());
        assertEquals(12, runs.throughputRuns());
        assertEquals(3, runs.runConcurrency());
        assertEquals(20, runs.sandboxStarts());
        assertEquals(java.nio.file.Path.of("/opt/agent/quarkus-app"), runs.agentServiceApp());
        Options quick = Options.parse(new String[] {"--quick", "--phases", "sandbox"}, Map.of());
        assertEquals(3, quick.runs());
        assertEquals(8, quick.throughputRuns());
        assertFalse(quick.needsAgentService());
        Options defaults = Options.parse(new String[] {"--phases", "runs"}, Map.of("CHANT_AGENT_SERVER", "localhost:9000"));
        assertEquals(9000, defaults.agentPort());
        assertEquals(10, defaults.runs());
        assertEquals(16, defaults.throughputRuns());
        assertEquals(4, defaults.runConcurrency());
    }
}
