package chant.cli.run;

import chant.cli.spec.EnumNames;
import chant.v1.RunStatus;

/**
 * Names of the run statuses as chant writes them: queued, preparing, running, finalizing,
 * succeeded, failed, cancelled, timed_out, lost. A class of its own: every command line registers
 * its converter, and should load nothing else of the run commands for it.
 */
public final class RunEnums {
    public static final EnumNames<RunStatus> STATUSES = new EnumNames<>(RunStatus.class, "RUN_STATUS_", "run status");

    private RunEnums() {
    }
}
