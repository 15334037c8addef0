package chant.support.paging;

import chant.support.failure.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, checked page tokens. A token carries the cursor where the next page starts and a MAC
 * over the cursor and the list it belongs to (its scope: the RPC, the project and the filters), so
 * a token that was altered, made up, or taken from another list is refused with INVALID_ARGUMENT
 * instead of quietly giving a wrong page. Services give every replica the same key.
 */
public final class PageTokens {

    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 12;
    /** Longer tokens than any this class writes are refused before decoding. */
    static final int MAX_TOKEN = 2048;

    private final SecretKeySpec key;

    public PageTokens(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a page-token key needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The token of the page that starts after {@code cursor} in the list named by {@code scope}. */
    public String encode(String scope, String cursor) {
        byte[] cursorBytes = cursor.getBytes(StandardCharsets.UTF_8);
        ByteBuffer token = ByteBuffer.allocate(1 + MAC_BYTES + cursorBytes.length)
                .put(VERSION).put(mac(scope, cursorBytes)).put(cursorBytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /**
     * The cursor a token of the list {@code scope} carries; null for an empty token (the first page).
     *
     * @throws InvalidRequestException when the token was not written by {@link #encode} for this scope
     */
    public String decode(String scope, String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (token.length() > MAX_TOKEN) {
            throw invalid();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length < 1 + MAC_BYTES || bytes[0] != VERSION) {
            throw invalid();
        }
        byte[] cursor = Arrays.copyOfRange(bytes, 1 + MAC_BYTES, bytes.length);
        if (!MessageDigest.isEqual(Arrays.copyOfRange(bytes, 1, 1 + MAC_BYTES), mac(scope, cursor))) {
            throw invalid();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(cursor)).toString();
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    private byte[] mac(String scope, byte[] cursor) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(cursor), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException("page_token is not a token of this list: pass next_page_token from the"
                + " previous page of the same request (same project and filters) unchanged, or none for the first page");
    }
}
