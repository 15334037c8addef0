package chant.spec.format;

import chant.spec.content.InvalidSpecException;
import chant.spec.content.Problem;
import java.util.List;

/**
 * A spec or config file that cannot be read: malformed frontmatter, or fields of the wrong shape or
 * with unknown values. Carries every problem of the file, each naming the field and, where known,
 * the line in the file. A kind of invalid spec, so it reaches callers as INVALID_ARGUMENT.
 */
public class SpecFormatException extends InvalidSpecException {

    public SpecFormatException(List<Problem> problems) {
        super(problems);
    }
}
