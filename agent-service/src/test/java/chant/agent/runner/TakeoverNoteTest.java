package chant.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The note a takeover leaves at the end of its spec. */
class TakeoverNoteTest {

    @Test
    void theNoteSaysWhereTheWorkIsAndWhatToDoNext() {
        TakeoverNote note = new TakeoverNote(12, "2026-12-04-001-p4u", "/srv/work/kept/chant-kv-x", "chant/2026-12-04-001-p4u",
                "abc1234", "git@example.com:kv.git", Instant.parse("2026-12-04T03:30:12.345Z"));

        assertEquals("""
                Make it durable.

                ## Takeover

                2026-12-04T03:30:12Z: run 12 was taken over. Its agent was stopped; nothing was committed or pushed.

                - Checkout (on the agent-service host): `/srv/work/kept/chant-kv-x`
                - Branch: `chant/2026-12-04-001-p4u`, started from `abc1234`
                - Next: commit the work in the checkout and push the branch to the project's repository (`git push \
                git@example.com:kv.git chant/2026-12-04-001-p4u`); then `chant work 2026-12-04-001-p4u` lets an agent \
                continue from the pushed branch, or finish it by hand. `chant cleanup` removes the checkout once its work \
                is pushed.
                """, TakeoverNote.appendTo("Make it durable.\n\n", note));
        assertEquals(note.markdown(), TakeoverNote.appendTo("", note));
    }
}
