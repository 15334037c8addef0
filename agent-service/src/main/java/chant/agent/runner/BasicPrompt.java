package chant.agent.runner;

import chant.agent.work.WorkSpec;
import java.nio.file.Path;

/** The prompt until project templates are read: the spec, where to work, and how to commit. */
final class BasicPrompt {

    private BasicPrompt() {
    }

    static String render(WorkSpec spec, String template, Path worktree, String branch) {
        StringBuilder p = new StringBuilder();
        p.append("You are working on spec ").append(spec.specId()).append(" of project ").append(spec.project())
                .append(": ").append(spec.title()).append("\n\n");
        p.append("Your working directory ").append(worktree).append(" is a checkout of the project on branch ")
                .append(branch).append(". The spec is in .chant/specs/").append(spec.specId())
                .append(".md: tick its acceptance criteria there (- [x]) as you meet them.\n\n");
        if (!spec.targetFiles().isEmpty()) {
            p.append("Files to change: ").append(String.join(", ", spec.targetFiles())).append("\n\n");
        }
        p.append("## The spec\n\n").append(spec.body()).append("\n\n");
        p.append("When you are done, commit your work with: git commit -m \"chant(").append(spec.specId())
                .append("): <summary>\"\n");
        return p.toString();
    }
}
