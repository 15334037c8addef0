package chant.support.sandbox;

import chant.support.failure.PreconditionFailedException;

/** An agent cannot run sandboxed on this machine: bubblewrap is missing or does not work. FAILED_PRECONDITION. */
public class SandboxUnavailableException extends PreconditionFailedException {

    public SandboxUnavailableException(String message) {
        super(message);
    }
}
