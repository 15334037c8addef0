package chant.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.cli.testing.InProcessCliTest;
import chant.cli.testing.Specs;
import chant.v1.ArchiveFilter;
import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListCommandTest extends InProcessCliTest {

    private static ListSpecsResponse page(String nextToken, long total, Spec... specs) {
        return ListSpecsResponse.newBuilder().addAllSpecs(List.of(specs)).setNextPageToken(nextToken)
                .setTotalCount(total).build();
    }

    private static Spec spec(String id, String title, String... labels) {
        return Specs.spec(id, title, 1).addAllLabels(List.of(labels)).build();
    }

    @Test
    void followsPageTokensUntilTheLastPage() {
        server.reply(SpecServiceGrpc.getListSpecsMethod(),
                page("t1", 3, spec("a", "First")),
                page("t2", 3, spec("b", "Second")),
                page("", 3, spec("c", "Third")));

        Result result = run("list", "--status", "pending,in-progress", "--type", "code", "--label", "ui",
                "--text", "login", "--all");

        assertEquals(0, result.exitCode(), result.toString());
        List<ListSpecsRequest> requests = server.requests(SpecServiceGrpc.getListSpecsMethod());
        assertEquals(List.of("", "t1", "t2"), requests.stream().map(ListSpecsRequest::getPageToken).toList());
        ListSpecsRequest first = requests.get(0);
        assertEquals(PROJECT, first.getProject());
        assertEquals(List.of(SpecStatus.SPEC_STATUS_PENDING, SpecStatus.SPEC_STATUS_IN_PROGRESS), first.getStatusesList());
        assertEquals(List.of(SpecType.SPEC_TYPE_CODE), first.getTypesList());
        assertEquals(List.of("ui"), first.getLabelsList());
        assertEquals("login", first.getText());
        assertEquals(ArchiveFilter.ARCHIVE_FILTER_ALL, first.getArchived());
        assertEquals(List.of(
                "ID  STATUS   TYPE  TITLE   LABELS",
                "a   pending  code  First",
                "b   pending  code  Second",
                "c   pending  code  Third",
                "3 of 3 specs"), result.outLines());
    }

    @Test
    void stopsAtTheLimit() {
        server.reply(SpecServiceGrpc.getListSpecsMethod(),
                page("t1", 10, spec("a", "A"), spec("b", "B")),
                page("t2", 10, spec("c", "C"), spec("d", "D")));

        Result result = run("list", "--limit", "3", "--archived");

        assertEquals(0, result.exitCode(), result.toString());
        List<ListSpecsRequest> requests = server.requests(SpecServiceGrpc.getListSpecsMethod());
        assertEquals(List.of(3, 1), requests.stream().map(ListSpecsRequest::getPageSize).toList());
        assertEquals(ArchiveFilter.ARCHIVE_FILTER_ARCHIVED, requests.get(0).getArchived());
        assertEquals("3 of 10 specs", result.outLines().get(result.outLines().size() - 1));
        assertEquals(5, result.outLines().size());
    }

    @Test
    void oneSpecIsCountedInTheSingular() {
        server.reply(SpecServiceGrpc.getListSpecsMethod(), page("", 1, spec("a", "A")));

        Result result = run("list");

        assertEquals("1 of 1 spec", result.outLines().get(result.outLines().size() - 1));
    }

    @Test
    void activeSpecsByDefaultAndAFooterWhenNothingMatches() {
        server.reply(SpecServiceGrpc.getListSpecsMethod(), page("", 0));

        Result result = run("list");

        assertEquals(ArchiveFilter.ARCHIVE_FILTER_ACTIVE,
                server.requests(SpecServiceGrpc.getListSpecsMethod()).get(0).getArchived());
        assertEquals(List.of("0 of 0 specs"), result.outLines());
    }

    @Test
    void longTitlesAreCutToTheWidth() {
        String title = "Make the importer keep unknown frontmatter fields and report every refused file clearly";
        server.reply(SpecServiceGrpc.getListSpecsMethod(),
                page("", 1, spec("2026-01-22-001-x7m", title, "import", "export")));

        Result result = run("list");

        String row = result.outLines().get(1);
        assertEquals(100, row.length(), row);
        assertTrue(row.startsWith("2026-01-22-001-x7m  pending  code  Make the importer"), row);
        assertTrue(row.endsWith("...  import,export"), row);
    }

    @Test
    void jsonHasTheSpecsAsProtoJsonAndTheTotal() throws Exception {
        server.reply(SpecServiceGrpc.getListSpecsMethod(),
                page("t1", 2, spec("a", "First", "ui")),
                page("", 2, spec("b", "Second")));

        Result result = run("list", "--json");

        assertEquals(0, result.exitCode(), result.toString());
        // The same document read back as a ListSpecsResponse ("total" is not one of its fields).
        ListSpecsResponse.Builder parsed = ListSpecsResponse.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(result.out(), parsed);
        assertEquals(List.of(spec("a", "First", "ui"), spec("b", "Second")), parsed.getSpecsList());
        assertTrue(result.out().contains("\n  \"total\": 2\n}"), result.out());
    }
}
