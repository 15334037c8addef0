package chant.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8OutputTest {
    private final StringWriter written = new StringWriter();
    private final Utf8Output output = new Utf8Output(new PrintWriter(written));

    @Test
    void textFedOneByteAtATimeComesOutWhole() {
        String text = "ascii, é, ✓, 🎉, 中文\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            output.write(ByteString.copyFrom(new byte[] {b}));
        }
        output.finish();

        assertEquals(text, written.toString());
        assertTrue(output.atLineStart());
    }

    @Test
    void aCharacterIsWrittenOnlyWhenItsLastByteArrives() {
        byte[] check = "✓".getBytes(StandardCharsets.UTF_8);

        output.write(ByteString.copyFrom(check, 0, 2));
        assertEquals("", written.toString());
        output.write(ByteString.copyFrom(check, 2, 1));

        assertEquals("✓", written.toString());
        assertFalse(output.atLineStart());
    }

    @Test
    void bytesThatAreNoUtf8AndAnIncompleteLastCharacterBecomeReplacementCharacters() {
        output.write(ByteString.copyFrom(new byte[] {'a', (byte) 0xff, 'b', (byte) 0xe2, (byte) 0x9c}));
        output.finish();

        assertEquals("a\uFFFDb\uFFFD", written.toString());
    }

    @Test
    void nothingWrittenIsAtTheStartOfALine() {
        output.finish();

        assertEquals("", written.toString());
        assertTrue(output.atLineStart());
    }

    @Test
    void largeChunksAreWrittenWhole() {
        String text = "ü".repeat(20_000);
        output.write(ByteString.copyFromUtf8(text));

        assertEquals(text, written.toString());
    }
}
