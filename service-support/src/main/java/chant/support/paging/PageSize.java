package chant.support.paging;

import chant.support.failure.InvalidRequestException;

/** The page-size rule of every list RPC: 0 asks for the default, else 1 to the maximum. */
public record PageSize(int defaultSize, int max) {

    /** What the list RPCs of the platform use unless they say otherwise. */
    public static final PageSize STANDARD = new PageSize(100, 1000);

    /** The size to read for a requested {@code page_size}. */
    public int resolve(int requested) {
        if (requested == 0) {
            return defaultSize;
        }
        if (requested < 1 || requested > max) {
            throw new InvalidRequestException("page_size " + requested + " is out of range: use 1 to " + max
                    + " (0 for the default of " + defaultSize + ")");
        }
        return requested;
    }
}
