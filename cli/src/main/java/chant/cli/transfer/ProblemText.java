package chant.cli.transfer;

import chant.v1.Problem;
import chant.v1.Severity;

/** A {@link Problem} as one line: "line 3: type: unknown type 'x'; allowed: ...". */
public final class ProblemText {

    private ProblemText() {
    }

    public static String describe(Problem problem) {
        StringBuilder text = new StringBuilder();
        if (problem.getSeverity() == Severity.SEVERITY_WARNING) {
            text.append("warning: ");
        }
        if (problem.getLine() > 0) {
            text.append("line ").append(problem.getLine()).append(": ");
        }
        if (!problem.getField().isEmpty()) {
            text.append(problem.getField()).append(": ");
        }
        text.append(problem.getMessage().isEmpty() ? "invalid" : problem.getMessage());
        if (!problem.getValue().isEmpty() && !problem.getMessage().contains(problem.getValue())) {
            text.append(" (value: '").append(problem.getValue()).append("')");
        }
        return text.toString().replaceAll("\\R+", " ");
    }
}
