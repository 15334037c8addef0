package chant.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * What a bare {@code chant} prints: the commands in groups, one line each, and how to get help.
 * (The full usage of {@code chant --help} is about 60 lines.) {@code OverviewTest} checks that
 * every command of the root is named here.
 */
public final class Overview {

    /** A heading and its lines (command names, then a short description). */
    record Group(String heading, List<String[]> commands) {
    }

    static final List<Group> GROUPS = List.of(
            new Group("Specs", List.of(
                    new String[] {"add", "Create a spec"},
                    new String[] {"list", "List specs, filtered by status, type, label or text"},
                    new String[] {"show", "Show one spec (fields, markdown or JSON)"},
                    new String[] {"edit", "Change a spec with options, or in your editor"},
                    new String[] {"delete", "Delete a spec"},
                    new String[] {"history, watch", "A spec's recorded changes; the project's events, live"})),
            new Group("Lifecycle", List.of(
                    new String[] {"status, ready, dag", "Counts per status; specs ready to work on; the dependency graph"},
                    new String[] {"transition", "Move a spec to another status"},
                    new String[] {"start, complete, fail", "Shorthands for common transitions"},
                    new String[] {"approve, reject, request-approval", "Decide on approval, or ask for it again"},
                    new String[] {"cancel, reset", "Cancel a spec, or put it back to pending"},
                    new String[] {"merge, archive", "Merge finished specs' branches; archive done specs"},
                    new String[] {"lint", "Check specs for errors and warnings"})),
            new Group("Agent runs", List.of(
                    new String[] {"work, split, cancel-run", "Run an agent on a spec, or split it; stop a run"},
                    new String[] {"log, runs", "A run's log (--follow: live); the runs, newest first"},
                    new String[] {"pause, takeover, cleanup", "Stop a run, keeping its checkout for you; remove kept ones"})),
            new Group("Projects, access and folders", List.of(
                    new String[] {"project add/list/show/set/members", "Create, list, show and change projects; their members"},
                    new String[] {"whoami, token create", "Who your token stands for; make a token (platform admins)"},
                    new String[] {"import, export", "Import or export a chant .chant/ folder"})));

    private Overview() {
    }

    public static void print(PrintWriter out) {
        out.println("Usage: chant COMMAND [OPTIONS]   (specs and agent runs of the Chant Platform)");
        int width = GROUPS.stream().flatMap(group -> group.commands().stream())
                .mapToInt(command -> command[0].length()).max().orElse(0);
        for (Group group : GROUPS) {
            out.println(group.heading() + ":");
            for (String[] command : group.commands()) {
                out.println("  " + command[0] + " ".repeat(width - command[0].length() + 2) + command[1]);
            }
        }
        out.println();
        out.println("Help: 'chant COMMAND --help' (its options), 'chant --help' (all, with the global options)");
    }
}
