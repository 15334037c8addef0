package chant.agent.provider;

import java.util.List;

/**
 * The providers there are, by the names runs use. agent-service refuses a run that names another
 * one when it is enqueued (INVALID_ARGUMENT), instead of letting its runner fail later.
 */
public final class ProviderNames {

    public static final String CLAUDE = "claude";
    public static final String OPENAI = "openai";
    public static final String COMMAND = "command";
    public static final String DEMO = "demo";

    /** Every provider, in the order people are told about them. */
    public static final List<String> ALL = List.of(CLAUDE, OPENAI, COMMAND, DEMO);

    private ProviderNames() {
    }

    /** "claude, openai, command or demo". */
    public static String listed() {
        return String.join(", ", ALL.subList(0, ALL.size() - 1)) + " or " + ALL.get(ALL.size() - 1);
    }
}
