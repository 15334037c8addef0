package chant.agent.provider;

import chant.support.failure.PreconditionFailedException;

/** A provider is missing or misconfigured; the message says what to set. FAILED_PRECONDITION. */
public class ProviderUnavailableException extends PreconditionFailedException {

    public ProviderUnavailableException(String message) {
        super(message);
    }
}
