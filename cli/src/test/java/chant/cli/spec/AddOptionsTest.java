package chant.cli.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chant.cli.testing.Parsing;
import chant.v1.CreateSpecRequest;
import chant.v1.SpecType;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class AddOptionsTest {

    @Test
    void repeatableOptionsAcceptCommaSeparatedValues() {
        AddCommand add = Parsing.parse("add", "Fix", "the", "login", "--label", "ui,auth", "--label", " bug ",
                "--depends-on", "x7m,008", "--target-file", "src/a.rs", "--target-file", "src/b.rs",
                "--informed-by", "docs/a.md", "--context", "c1,c2");

        CreateSpecRequest request = add.request("demo");

        assertEquals("Fix the login", request.getTitle());
        assertEquals(List.of("ui", "auth", "bug"), request.getLabelsList());
        assertEquals(List.of("x7m", "008"), request.getDependsOnList());
        assertEquals(List.of("src/a.rs", "src/b.rs"), request.getTargetFilesList());
        assertEquals(List.of("docs/a.md"), request.getInformedByList());
        assertEquals(List.of("c1", "c2"), request.getContextList());
    }

    @Test
    void leavesOutWhatWasNotGiven() {
        CreateSpecRequest request = ((AddCommand) Parsing.parse("add", "Title")).request("demo");

        assertEquals(CreateSpecRequest.newBuilder().setProject("demo").setTitle("Title").build(), request);
    }

    @Test
    void typeIsMappedToTheProtoEnum() {
        AddCommand add = Parsing.parse("add", "T", "--type", "documentation");

        assertEquals(SpecType.SPEC_TYPE_DOCUMENTATION, add.request("demo").getType());
    }

    @Test
    void bodyDashReadsStandardInput() {
        AddCommand add = Parsing.parseWithStdin("## Acceptance Criteria\n\n- [ ] done\n", "add", "T", "--body", "-");

        assertEquals("## Acceptance Criteria\n\n- [ ] done\n", add.request("demo").getBody());
    }

    @Test
    void bodyAndBodyFileExcludeEachOther() {
        assertThrows(ParameterException.class, () -> Parsing.parse("add", "T", "--body", "x", "--body-file", "f"));
    }

    @Test
    void unknownTypesAreRefusedWithTheAllowedNames() {
        ParameterException failure = assertThrows(ParameterException.class,
                () -> Parsing.parse("add", "T", "--type", "bug"));

        assertEquals("Invalid value for option '--type': unknown type 'bug'; expected one of code, task, driver, "
                + "group, documentation, research", failure.getMessage());
    }
}
