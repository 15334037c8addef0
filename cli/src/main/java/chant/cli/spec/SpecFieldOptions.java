package chant.cli.spec;

import chant.v1.SpecType;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Spec fields that {@code add} sets and {@code edit} changes. Each list option can be repeated
 * or given comma-separated values; a field left null was not given.
 */
public final class SpecFieldOptions {

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Kind of work: code (default), task, driver, group, documentation, research.")
    public SpecType type;

    @Option(names = "--label", paramLabel = "LABEL", split = ",", description = "Label (repeatable, or comma-separated).")
    public List<String> labels;

    @Option(names = "--depends-on", paramLabel = "ID", split = ",",
            description = "ID (short forms accepted) of a spec that must be completed first.")
    public List<String> dependsOn;

    @Option(names = "--informed-by", paramLabel = "PATH", split = ",",
            description = "Repository path of a document the work builds on.")
    public List<String> informedBy;

    @Option(names = "--context", paramLabel = "PATH", split = ",",
            description = "Repository path whose contents are given to the agent.")
    public List<String> context;

    @Option(names = "--target-file", paramLabel = "PATH", split = ",",
            description = "Repository path the work is expected to create or change.")
    public List<String> targetFiles;

    @Option(names = "--prompt", paramLabel = "NAME", description = "Prompt template name.")
    public String prompt;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model the agent is asked to use.")
    public String model;
}
