package chant.agent.sandbox;

import chant.support.sandbox.Bubblewrap;
import chant.support.sandbox.Sandbox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's {@link Sandbox}: bubblewrap on the PATH, unless {@code chant.agent.sandbox.unsandboxed} is set. */
public class SandboxProducer {

    @Produces
    @Singleton
    Sandbox sandbox(@ConfigProperty(name = "chant.agent.sandbox.unsandboxed", defaultValue = "false") boolean unsandboxed) {
        return unsandboxed ? Sandbox.unsandboxed() : Sandbox.bubblewrap(Bubblewrap.onPath());
    }
}
