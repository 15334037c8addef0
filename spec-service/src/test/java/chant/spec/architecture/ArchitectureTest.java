package chant.spec.architecture;

import chant.support.grpc.UndecodableRequests;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.quarkus.grpc.GrpcService;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of spec-service: a package per concept under {@code chant.spec}, the gRPC layer on top
 * (only {@code chant.spec.grpc} knows the wire types).
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("chant.spec");

    @Test
    void theDomainDoesNotUseTheGrpcLayer() {
        noClasses().that().resideOutsideOfPackage("chant.spec.grpc..")
                .should().dependOnClassesThat().resideInAnyPackage("chant.spec.grpc..", "chant.v1..", "io.grpc..",
                        "io.quarkus.grpc..")
                .because("gRPC service classes translate between protobuf and the domain; the domain knows neither")
                .check(SERVICE);
    }

    @Test
    void conceptsHaveNoCycles() {
        slices().matching("chant.spec.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void everyGrpcServiceRefusesUndecodableRequests() {
        classes().that().areAnnotatedWith(GrpcService.class)
                .should(guardTheirBinding())
                .because("Quarkus' Vert.x gRPC bridge drops a request message that does not parse, and a streaming"
                        + " call then waits for the client's deadline; the guard answers INVALID_ARGUMENT at once")
                .check(SERVICE);
    }

    private static ArchCondition<JavaClass> guardTheirBinding() {
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
