package chant.support.idempotency;

import chant.support.failure.InvalidRequestException;
import chant.support.text.Shown;

/**
 * The idempotency keys clients send with creates ({@code request_id}): a retry with the same key
 * gets what the first attempt created. A key is at most 100 printable ASCII characters.
 */
public final class RequestIds {

    static final int MAX_LENGTH = 100;

    private RequestIds() {
    }

    /**
     * The key, or null when none was sent.
     *
     * @throws InvalidRequestException when it is too long or has characters outside printable ASCII
     */
    public static String orNull(String requestId) {
        if (requestId == null || requestId.isEmpty()) {
            return null;
        }
        if (requestId.length() > MAX_LENGTH || !requestId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidRequestException("request_id " + Shown.prefix(requestId) + " is not valid: use at most "
                    + MAX_LENGTH + " printable ASCII characters without blanks (a UUID, for example)");
        }
        return requestId;
    }
}
