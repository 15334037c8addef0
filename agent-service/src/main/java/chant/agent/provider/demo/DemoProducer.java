package chant.agent.provider.demo;

import chant.support.sandbox.Sandbox;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The service's {@link DemoProvider}: it needs no settings (its classes are prepared on the first run). */
public class DemoProducer {

    @Produces
    @Singleton
    DemoProvider demo(Sandbox sandbox) {
        return new DemoProvider(sandbox);
    }
}
