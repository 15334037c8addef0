package chant.cli.spec;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.rpc.Connection;
import chant.v1.CreateSpecRequest;
import chant.v1.Spec;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant add "<title>"}: creates a spec. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Create a spec and print 'Created spec: <id>', or with --quiet only the ID "
                + "(id=$(chant add ... --quiet)).",
                "Several words are joined into one title. List options can be repeated or take comma-separated values."})
public final class AddCommand extends ClientCommand {

    @Parameters(arity = "1..*", paramLabel = "TITLE", description = "Title: the first '# ' heading of the spec.")
    List<String> title;

    @Mixin
    SpecFieldOptions fields;

    @Option(names = "--needs-approval", description = "Work and merge wait for an approval.")
    boolean needsApproval;

    @Option(names = "--group", paramLabel = "DRIVER",
            description = "Make the spec the next member (<driver>.N) of this driver spec.")
    String driver;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    BodyOption body;

    @Option(names = {"-q", "--quiet"}, description = "Print only the new spec's ID, for scripts.")
    boolean quiet;

    @Override
    protected int run(Connection connection) {
        CreateSpecRequest request = request(project(connection));
        Spec created = connection.specs().createSpec(request).getSpec();
        out().println(quiet ? created.getId() : "Created spec: " + created.getId());
        return ExitCodes.OK;
    }

    CreateSpecRequest request(String project) {
        CreateSpecRequest.Builder request = CreateSpecRequest.newBuilder()
                .setProject(project)
                .setTitle(String.join(" ", title).strip())
                .addAllLabels(Values.clean(fields.labels))
                .addAllDependsOn(Values.clean(fields.dependsOn))
                .addAllInformedBy(Values.clean(fields.informedBy))
                .addAllContext(Values.clean(fields.context))
                .addAllTargetFiles(Values.clean(fields.targetFiles))
                .setNeedsApproval(needsApproval);
        if (fields.type != null) {
            request.setType(fields.type);
        }
        if (fields.prompt != null) {
            request.setPrompt(fields.prompt);
        }
        if (fields.model != null) {
            request.setModel(fields.model);
        }
        if (driver != null) {
            request.setDriver(driver);
        }
        if (body != null) {
            request.setBody(body.read(context().terminal().in()));
        }
        return request.build();
    }
}
