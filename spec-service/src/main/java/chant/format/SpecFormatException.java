package chant.format;

import chant.spec.Problem;
import java.util.List;

/**
 * A spec or config file that cannot be read: malformed frontmatter, or fields of the wrong shape or
 * with unknown values. Carries every problem of the file, each naming the field and, where known,
 * the line in the file.
 */
public class SpecFormatException extends RuntimeException {

    private final transient List<Problem> problems;

    public SpecFormatException(List<Problem> problems) {
        super(Problem.describeAll(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
