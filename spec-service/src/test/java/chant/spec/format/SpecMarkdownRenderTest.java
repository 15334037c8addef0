package chant.spec.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.spec.content.Approval;
import chant.spec.content.ApprovalStatus;
import chant.spec.content.SpecContent;
import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecMarkdownRenderTest {

    private static String file(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void aSpecWithDefaultsWritesTypeAndStatusOnly() {
        assertEquals(file("---", "type: code", "status: pending", "---", "# T"),
                SpecMarkdown.render(SpecContent.ofBody("# T\n")));
    }

    @Test
    void fieldsAreWrittenInChantsOrderThenExtraFieldsInTheirOrder() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pr", 17);
        extra.put("schedule", Map.of("cron", "0 6 * * 1"));
        extra.put("blocked_specs", List.of("a", "b"));
        extra.put("superseded_by", null);
        SpecContent spec = SpecContent.builder()
                .members(List.of("2026-03-01-001-abc.1"))
                .approval(new Approval(true, ApprovalStatus.REJECTED, "mira", "2026-03-05T16:20:00Z"))
                .model("sonnet").completedAt("2026-02-02T14:32:32Z").commits(List.of("9ce29be"))
                .branch("chant/x").prompt("research").tracks(List.of("t.py")).origin(List.of("o.csv"))
                .targetFiles(List.of("src/a.py")).context(List.of("docs/c.md")).informedBy(List.of("notes/i.md"))
                .dependsOn(List.of("2026-03-01-001-abc")).labels(List.of("tides"))
                .status(SpecStatus.COMPLETED).type(SpecType.RESEARCH)
                .extraFrontmatter(extra)
                .body("# T\n")
                .build();

        assertEquals(file("---",
                "type: research",
                "status: completed",
                "labels:",
                "- tides",
                "depends_on:",
                "- 2026-03-01-001-abc",
                "informed_by:",
                "- notes/i.md",
                "context:",
                "- docs/c.md",
                "target_files:",
                "- src/a.py",
                "origin:",
                "- o.csv",
                "tracks:",
                "- t.py",
                "prompt: research",
                "branch: chant/x",
                "commits:",
                "- 9ce29be",
                "completed_at: 2026-02-02T14:32:32Z",
                "model: sonnet",
                "approval:",
                "  required: true",
                "  status: rejected",
                "  by: mira",
                "  at: 2026-03-05T16:20:00Z",
                "members:",
                "- 2026-03-01-001-abc.1",
                "pr: 17",
                "schedule:",
                "  cron: 0 6 * * 1",
                "blocked_specs:",
                "- a",
                "- b",
                "superseded_by: null",
                "---",
                "# T"), SpecMarkdown.render(spec));
    }

    @Test
    void stringsThatWouldReadAsAnotherTypeAreQuoted() {
        SpecContent spec = SpecContent.builder()
                .commits(List.of("1234567", "0123456", "1e3", "0x1F", "1_000", ".inf"))
                .labels(List.of("true", "no", "on", "null", "~", ""))
                .prompt("")
                .build();

        assertEquals(file("---", "type: code", "status: pending",
                "labels:", "- 'true'", "- 'no'", "- 'on'", "- 'null'", "- '~'", "- ''",
                "prompt: ''",
                "commits:", "- '1234567'", "- '0123456'", "- '1e3'", "- '0x1F'", "- '1_000'", "- '.inf'",
                "---"), SpecMarkdown.render(spec));
    }

    @Test
    void datesAndTimestampsAreWrittenPlainAsChantWritesThem() {
        SpecContent spec = SpecContent.builder().completedAt("2026-02-02T14:32:32Z")
                .extraFrontmatter(Map.of("last_verified", "2026-02-02")).build();

        assertEquals(file("---", "type: code", "status: pending", "completed_at: 2026-02-02T14:32:32Z",
                "last_verified: 2026-02-02", "---"), SpecMarkdown.render(spec));
    }

    @Test
    void emptyListsAndAbsentValuesAreLeftOut() {
        SpecContent spec = SpecContent.builder().labels(List.of()).prompt(null).approval(null).build();

        assertEquals(file("---", "type: code", "status: pending", "---"), SpecMarkdown.render(spec));
    }

    @Test
    void theBodyIsWrittenVerbatim() {
        String body = "\r\n\n# T\r\n---\ntrailing text";

        assertEquals("---\ntype: code\nstatus: pending\n---\n" + body, SpecMarkdown.render(SpecContent.ofBody(body)));
    }

    @Test
    void anExtraFieldWithTheNameOfAnInterpretedFieldIsRefused() {
        SpecContent spec = SpecContent.builder().extraFrontmatter(Map.of("depends_on", "x")).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecMarkdown.render(spec));
        assertEquals("extra frontmatter field 'depends_on' has the name of an interpreted field:"
                + " set it through SpecContent instead", e.getMessage());
    }

    @Test
    void multiLineAndSpecialTextIsWrittenSoThatItReadsBackTheSame() {
        SpecContent spec = SpecContent.builder()
                .prompt("line one\nline two\n")
                .model("key: value # not a comment")
                .branch(" leading and trailing ")
                .extraFrontmatter(Map.of("bell", "ring\u0007", "quote", "it's \"quoted\""))
                .build();

        assertEquals(spec, SpecMarkdown.parse(SpecMarkdown.render(spec)));
    }
}
