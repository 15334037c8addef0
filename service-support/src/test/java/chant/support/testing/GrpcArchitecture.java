package chant.support.testing;

import chant.support.grpc.UndecodableRequests;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** Architecture rules every service's gRPC layer follows, for each service's ArchitectureTest. */
public final class GrpcArchitecture {

    /** Why {@link #guardTheirBinding()} holds. */
    public static final String WHY_GUARDED = "Quarkus' Vert.x gRPC bridge drops a request message that does not parse,"
            + " and a streaming call then waits for the client's deadline; the guard answers INVALID_ARGUMENT at once";

    private GrpcArchitecture() {
    }

    /** The class overrides {@code bindService()} with {@code UndecodableRequests.guard(super.bindService())}. */
    public static ArchCondition<JavaClass> guardTheirBinding() {
        return new ArchCondition<>("override bindService() with UndecodableRequests.guard(super.bindService())") {
            @Override
            public void check(JavaClass service, ConditionEvents events) {
                boolean guarded = service.tryGetMethod("bindService")
                        .map(m -> m.getMethodCallsFromSelf().stream().anyMatch(call -> call.getName().equals("guard")
                                && call.getTargetOwner().isEquivalentTo(UndecodableRequests.class)))
                        .orElse(false);
                if (!guarded) {
                    events.add(SimpleConditionEvent.violated(service, service.getName()
                            + " does not override bindService() with UndecodableRequests.guard(super.bindService())"));
                }
            }
        };
    }
}
