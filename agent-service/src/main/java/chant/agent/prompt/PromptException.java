package chant.agent.prompt;

import chant.support.failure.PreconditionFailedException;

/**
 * A prompt cannot be rendered: the chosen template does not exist (the message lists those that do),
 * its name is not a template name, or the template uses a variable there is none of (the message
 * names it, the template and the line). FAILED_PRECONDITION.
 */
public class PromptException extends PreconditionFailedException {

    public PromptException(String message) {
        super(message);
    }
}
