package chant.cli.transfer;

import chant.cli.format.Plural;
import chant.v1.ImportSpecsResponse;
import chant.v1.ImportedFile;
import chant.v1.Problem;
import java.io.PrintWriter;
import java.util.List;

/** The per-file lines and the summary of {@code chant import}. */
public final class ImportReport {
    private static final String INDENT = " ".repeat(10);

    private ImportReport() {
    }

    public static void print(ImportSpecsResponse response, PrintWriter out) {
        for (ImportedFile file : response.getFilesList()) {
            List<Problem> problems = file.getProblemsList();
            switch (file.getOutcome()) {
                case IMPORT_OUTCOME_IMPORTED -> {
                    out.println(line("imported", file.getPath() + " -> " + file.getSpecId()));
                    problems.forEach(problem -> out.println(INDENT + ProblemText.describe(problem)));
                }
                case IMPORT_OUTCOME_REFUSED -> {
                    if (problems.size() == 1) {
                        out.println(line("refused", file.getPath() + ": " + ProblemText.describe(problems.get(0))));
                    } else {
                        out.println(line("refused", file.getPath() + (problems.isEmpty() ? "" : ":")));
                        problems.forEach(problem -> out.println(INDENT + ProblemText.describe(problem)));
                    }
                }
                case IMPORT_OUTCOME_DOCUMENT, IMPORT_OUTCOME_CONFIG -> {
                    out.println(line(file.getOutcome() == chant.v1.ImportOutcome.IMPORT_OUTCOME_CONFIG
                            ? "config" : "document", file.getPath()));
                    problems.forEach(problem -> out.println(INDENT + ProblemText.describe(problem)));
                }
                default -> out.println(line("unknown", file.getPath()));
            }
        }
        out.println("Imported " + Plural.of(response.getImportedCount(), "spec") + ", refused "
                + response.getRefusedCount() + ", " + Plural.of(response.getDocumentCount(), "document")
                + " into project " + response.getProject() + ".");
    }

    private static String line(String outcome, String text) {
        return String.format("%-10s%s", outcome, text);
    }
}
