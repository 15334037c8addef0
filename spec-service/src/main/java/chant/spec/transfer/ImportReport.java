package chant.spec.transfer;

import chant.spec.content.Problem;
import java.util.List;

/** What became of each file of an imported folder. */
public record ImportReport(String project, List<FileResult> files) {

    /** The outcome of one file. */
    public enum Outcome { IMPORTED, REFUSED, DOCUMENT, CONFIG }

    /** One file: its outcome, the spec ID for specs, and the problems found (errors refuse). */
    public record FileResult(String path, Outcome outcome, String specId, List<Problem> problems) {
    }

    public long count(Outcome outcome) {
        return files.stream().filter(f -> f.outcome() == outcome).count();
    }
}
