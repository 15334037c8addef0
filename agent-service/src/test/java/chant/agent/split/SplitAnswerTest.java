package chant.agent.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitAnswerTest {

    private static String answer(String json) {
        return "I read the code. Here is the split:\n\n```json\n" + json + "\n```\n";
    }

    private static String refusal(String text) {
        return assertThrows(SplitRefusedException.class, () -> SplitAnswer.parse(text)).getMessage();
    }

    @Test
    void readsTheMembersOfTheLastJsonBlock() {
        String text = "A draft:\n\n```json\n{\"members\": []}\n```\n\nThe final one:\n\n" + answer("""
                {"members": [
                  {"title": "Parse the file", "body": "Read it.\\n\\n## Acceptance Criteria\\n\\n- [ ] parsed",
                   "target_files": ["src/Parse.java", "./src/Read.java"], "depends_on": []},
                  {"title": "Store it", "body": "Write it.", "target_files": ["src/Store.java"], "depends_on": [1]},
                  {"title": "Document it", "body": "Docs.", "depends_on": [1, 2, 1]}
                ]}""");

        List<ProposedMember> members = SplitAnswer.parse(text);

        assertEquals(List.of(
                new ProposedMember(1, "Parse the file", "Read it.\n\n## Acceptance Criteria\n\n- [ ] parsed",
                        List.of("src/Parse.java", "src/Read.java"), List.of()),
                new ProposedMember(2, "Store it", "Write it.", List.of("src/Store.java"), List.of(1)),
                new ProposedMember(3, "Document it", "Docs.", List.of(), List.of(1, 2))), members);
    }

    @Test
    void aCycleIsRefusedNamingItsMembers() {
        String message = refusal(answer("""
                {"members": [
                  {"title": "A", "body": "a", "depends_on": [3]},
                  {"title": "B", "body": "b", "depends_on": [1]},
                  {"title": "C", "body": "c", "depends_on": [2]}
                ]}"""));

        assertEquals("the answer's members are refused: the dependencies form a cycle: member 1 -> 3 -> 2 -> 1"
                + " (each waits for the next)", message);
    }

    @Test
    void aDependencyOnALaterMemberIsRefused() {
        String message = refusal(answer("""
                {"members": [{"title": "A", "body": "a", "depends_on": [2]}, {"title": "B", "body": "b"}]}"""));

        assertEquals("the answer's members are refused: member 1 depends on member 2, which comes after it: list the"
                + " members so that each comes after those it depends on", message);
    }

    @Test
    void emptyMembersAndBadDependenciesAreAllNamed() {
        String message = refusal(answer("""
                {"members": [
                  {"title": " ", "body": "a"},
                  {"title": "B", "body": ""},
                  {"title": "C", "body": "c", "depends_on": [3, 9, "one"]},
                  {"title": "D", "body": "d", "dependencies": [1]}
                ]}"""));

        assertEquals("the answer's members are refused: member 1 has no title; member 2 has no body; member 3 depends on"
                + " itself; member 3 depends on member 9, which does not exist (1 to 4); member 3's depends_on holds"
                + " \"one\", not a member number (1 to 4); member 4 has an unknown field \"dependencies\" (the fields are"
                + " title, body, target_files, depends_on)", message);
    }

    @Test
    void noMemberIsRefused() {
        assertEquals("the answer proposes no member: a split needs at least one", refusal(answer("{\"members\": []}")));
    }

    @Test
    void pathsOutsideTheRepositoryAreRefused() {
        String message = refusal(answer("""
                {"members": [{"title": "A", "body": "a",
                  "target_files": ["/etc/passwd", "../other/file", "src/../../up", ".git/config", "ok/File.java", ""]}]}"""));

        assertEquals("the answer's members are refused: member 1's target file \"/etc/passwd\" is refused: absolute paths"
                + " are refused: name a file inside the repository; member 1's target file \"../other/file\" is refused:"
                + " paths that climb out of the repository (..) are refused; member 1's target file \"src/../../up\" is"
                + " refused: paths that climb out of the repository (..) are refused; member 1's target file"
                + " \".git/config\" is refused: it points into .git; member 1's target file \"\" is refused: an empty"
                + " path", message);
    }

    @Test
    void malformedAnswersSayWhatIsMissing() {
        assertEquals("the agent's answer has no ```json block with the members", refusal("I could not decide."));
        assertEquals("the agent's answer has no ```json block with the members (its final text is empty)", refusal(""));
        assertTrue(refusal(answer("{\"members\": [ {\"title\": }")).startsWith("the answer's json block is not JSON: "));
        assertEquals("the answer's json block holds no \"members\" list: write {\"members\": [...]}",
                refusal(answer("{\"parts\": []}")));
        assertEquals("the answer's members are refused: member 1 is not an object with title, body, target_files and"
                + " depends_on", refusal(answer("{\"members\": [\"do it all\"]}")));
    }

    @Test
    void theInstructionShowsAnAnswerThisParserAccepts() {
        String instruction = SplitAnswer.instruction("2026-01-01-001-abc");
        String example = instruction.substring(instruction.indexOf("```json"), instruction.lastIndexOf("```") + 3)
                .replace("\"...\"", "\"x\"");

        List<ProposedMember> members = SplitAnswer.parse(example);

        assertEquals(2, members.size());
        assertEquals(List.of(1), members.get(1).dependsOn());
        assertTrue(instruction.contains("`2026-01-01-001-abc.1`"), instruction);
    }
}
