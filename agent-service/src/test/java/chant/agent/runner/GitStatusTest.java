package chant.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checkout's state as finalize reads it from one {@code git status --porcelain=v2 --branch}. */
class GitStatusTest {

    private static final String OID = "5819d5f454514dd652593eee2753432c754774ee";

    @Test
    void aCleanCheckoutGivesItsHead() {
        GitStatus status = GitStatus.parse("# branch.oid " + OID + "\n# branch.head chant/x\n");

        assertFalse(status.changed());
        assertEquals(Optional.of(OID), status.head());
    }

    @Test
    void changedAndUntrackedFilesAreLeftToCommit() {
        assertTrue(GitStatus.parse("# branch.oid " + OID + "\n# branch.head chant/x\n"
                + "1 .M N... 100644 100644 100644 abc abc README.md\n").changed());
        assertTrue(GitStatus.parse("# branch.oid " + OID + "\n? notes.txt\n").changed());
    }

    @Test
    void aHeadThatIsNoCommitNameIsNotTaken() {
        assertEquals(Optional.empty(), GitStatus.parse("# branch.oid (initial)\n").head());
        assertEquals(Optional.empty(), GitStatus.parse("# branch.oid --upload-pack=evil\n").head());
        assertEquals(Optional.empty(), GitStatus.parse("").head());
    }
}
