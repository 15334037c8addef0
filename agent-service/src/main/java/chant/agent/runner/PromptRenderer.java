package chant.agent.runner;

import chant.agent.work.WorkSpec;
import java.nio.file.Path;

/** Renders the prompt of a run: the template chosen by the run, else the spec, else the project. */
@FunctionalInterface
interface PromptRenderer {

    String render(WorkSpec spec, String requestedTemplate, Path worktree, String branch);
}
