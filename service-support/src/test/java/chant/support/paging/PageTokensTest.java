package chant.support.paging;

import chant.support.failure.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageTokensTest {

    private final PageTokens tokens = new PageTokens("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTokenGivesBackItsCursor() {
        String token = tokens.encode("specs|p1|label=x", "2026-01-22-001-x7m.10");
        assertEquals("2026-01-22-001-x7m.10", tokens.decode("specs|p1|label=x", token));
    }

    @Test
    void noTokenIsTheFirstPage() {
        assertNull(tokens.decode("specs|p1", ""));
        assertNull(tokens.decode("specs|p1", null));
    }

    @Test
    void aTokenOfAnotherListIsRefused() {
        String token = tokens.encode("specs|p1|", "cursor");
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> tokens.decode("specs|p2|", token));
        assertEquals(true, e.getMessage().contains("next_page_token"));
    }

    @Test
    void aTokenOfAnotherKeyIsRefused() {
        PageTokens other = new PageTokens("another-key-0123456789".getBytes(StandardCharsets.UTF_8));
        String token = other.encode("specs|p1|", "cursor");
        assertThrows(InvalidRequestException.class, () -> tokens.decode("specs|p1|", token));
    }

    @Test
    void theOldPlainBase64TokensAreRefused() {
        String plain = Base64.getUrlEncoder().withoutPadding().encodeToString("2026-01-22-001-x7m".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidRequestException.class, () -> tokens.decode("specs|p1|", plain));
    }

    @Test
    void anAlteredTokenIsRefused() {
        String token = tokens.encode("specs|p1|", "2026-01-22-001-x7m");
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThrows(InvalidRequestException.class, () -> tokens.decode("specs|p1|", altered));
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "AQ", "%00", "not a token"})
    void garbageIsRefused(String token) {
        assertThrows(InvalidRequestException.class, () -> tokens.decode("specs|p1|", token));
    }

    @Test
    void overlongTokensAreRefusedBeforeDecoding() {
        assertThrows(InvalidRequestException.class, () -> tokens.decode("specs|p1|", "A".repeat(PageTokens.MAX_TOKEN + 1)));
    }
}
