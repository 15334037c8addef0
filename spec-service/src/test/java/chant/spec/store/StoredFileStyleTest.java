package chant.spec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chant.spec.content.FileStyle;
import chant.spec.content.FileStyle.Quoting;
import org.junit.jupiter.api.Test;

class StoredFileStyleTest {

    @Test
    void noStyleIsStoredAsEmptyText() {
        assertEquals("", StoredFileStyle.render(FileStyle.NONE));
        assertEquals(FileStyle.NONE, StoredFileStyle.parse(""));
    }

    @Test
    void everySpellingIsReadBackAsStored() {
        FileStyle style = new FileStyle.Builder()
                .scalar("commits", "1234567", Quoting.PLAIN)
                .scalar("commits", "64e2470", Quoting.PLAIN)
                .scalar("completed_at", "2026-02-02T14:32:32Z", Quoting.SINGLE_QUOTED)
                .scalar("approval.by", "bob: \"the\" reviewer\n", Quoting.DOUBLE_QUOTED)
                .scalar("prompt", "true", Quoting.LITERAL)
                .emptyList("depends_on")
                .emptyList("labels")
                .build();

        assertEquals(style, StoredFileStyle.parse(StoredFileStyle.render(style)));
    }
}
