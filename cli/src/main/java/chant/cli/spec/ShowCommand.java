package chant.cli.spec;

import chant.cli.ClientCommand;
import chant.cli.error.ExitCodes;
import chant.cli.format.Json;
import chant.cli.rpc.Connection;
import chant.v1.GetSpecRequest;
import chant.v1.GetBlockersRequest;
import chant.v1.GetBlockersResponse;
import chant.v1.GetSpecResponse;
import chant.v1.Spec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chant show <id>}: one spec. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one spec (archived or not): its fields and body, the chant markdown file (--raw) or proto JSON (--json).",
                "The fields end with 'ready: yes' when the spec is ready to work, or a 'blocked by:' list of what it waits for."})
public final class ShowCommand extends ClientCommand {

    @Parameters(paramLabel = "ID", description = "Full ID or a short form: random suffix, today's sequence, unique substring.")
    String id;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Format format;

    static final class Format {
        @Option(names = "--raw", description = "Print the chant markdown file (frontmatter and body) exactly.")
        boolean raw;

        @Option(names = "--json", description = "Print the spec as proto JSON.")
        boolean json;
    }

    @Override
    protected int run(Connection connection) {
        boolean raw = format != null && format.raw;
        GetSpecResponse response = connection.specs().getSpec(GetSpecRequest.newBuilder()
                .setProject(project(connection)).setId(id).setIncludeMarkdown(raw).build());
        if (raw) {
            out().print(response.getMarkdown());
        } else if (format != null && format.json) {
            out().println(Json.print(response.getSpec()));
        } else {
            out().print(SpecView.render(response.getSpec(), blockers(connection, response.getSpec())));
        }
        out().flush();
        return ExitCodes.OK;
    }

    /** What keeps the spec from being ready; empty when the server has no SpecLifecycleService. */
    private Optional<GetBlockersResponse> blockers(Connection connection, Spec spec) {
        try {
            return Optional.of(connection.lifecycle().getBlockers(GetBlockersRequest.newBuilder()
                    .setProject(spec.getProject().isEmpty() ? project(connection) : spec.getProject())
                    .setId(spec.getId()).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
