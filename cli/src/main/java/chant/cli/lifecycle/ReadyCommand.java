package chant.cli.lifecycle;

import chant.cli.ClientCommand;
import chant.cli.CliException;
import chant.cli.error.ExitCodes;
import chant.cli.format.Json;
import chant.cli.format.Table;
import chant.cli.rpc.Connection;
import chant.cli.spec.SpecEnums;
import chant.cli.spec.Values;
import chant.v1.ListReadySpecsRequest;
import chant.v1.ListReadySpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecType;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chant ready}: the specs that can be worked on now, all pages of them. */
@Command(name = "ready", mixinStandardHelpOptions = true,
        description = {"List the specs that are ready to work, in ID order: pending (or failed, for a retry), "
                + "every dependency completed or cancelled, approval granted when required, earlier group members done.",
                "Filter options can be repeated or take comma-separated values."})
public final class ReadyCommand extends ClientCommand {
    static final int PAGE_SIZE = 1000;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these types: code, task, driver, group, documentation, research.")
    List<SpecType> types;

    @Option(names = "--label", paramLabel = "LABEL", split = ",", description = "Only specs with one of these labels.")
    List<String> labels;

    @Option(names = "--json", description = "Print {\"specs\": [proto JSON...], \"total\": N}.")
    boolean json;

    @Override
    protected int run(Connection connection) {
        ListReadySpecsRequest first = ListReadySpecsRequest.newBuilder()
                .setProject(project(connection))
                .addAllTypes(types == null ? List.of() : types)
                .addAllLabels(Values.clean(labels))
                .setPageSize(PAGE_SIZE)
                .build();
        List<Spec> specs = new ArrayList<>();
        String token = "";
        do {
            ListReadySpecsResponse response = connection.lifecycle()
                    .listReadySpecs(first.toBuilder().setPageToken(token).build());
            specs.addAll(response.getSpecsList());
            if (!response.getNextPageToken().isEmpty() && response.getNextPageToken().equals(token)) {
                throw CliException.failed("the server returned the same page token twice; stopped listing", null);
            }
            token = response.getNextPageToken();
        } while (!token.isEmpty());
        if (json) {
            out().println(Json.listWithTotal("specs", specs, specs.size()));
            return ExitCodes.OK;
        }
        Table table = Table.withHeaders("ID", "TYPE", "TITLE", "LABELS")
                .shrinkable("TITLE", 20)
                .shrinkable("LABELS", 10);
        for (Spec spec : specs) {
            table.row(spec.getId(), SpecEnums.TYPES.name(spec.getType()), spec.getTitle(),
                    String.join(",", spec.getLabelsList()));
        }
        if (!table.isEmpty()) {
            table.render(width()).forEach(out()::println);
        }
        out().println(specs.size() + " ready");
        return ExitCodes.OK;
    }
}
