package chant.spec.content;

import chant.support.failure.InvalidRequestException;
import java.util.List;

/** A spec that breaks the platform's rules ({@link SpecRules}); carries every problem found. */
public class InvalidSpecException extends InvalidRequestException {

    private final transient List<Problem> problems;

    public InvalidSpecException(List<Problem> problems) {
        super(Problem.describeAll(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
