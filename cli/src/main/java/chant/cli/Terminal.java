package chant.cli;

import java.io.InputStream;

/**
 * Standard input and whether a person is at it: commands that ask a question (delete) only
 * ask on a terminal.
 *
 * @param in          standard input (bodies given as {@code -}, answers to questions)
 * @param interactive whether standard input and output are a terminal
 */
public record Terminal(InputStream in, boolean interactive) {

    public static Terminal system() {
        return new Terminal(System.in, System.console() != null);
    }
}
