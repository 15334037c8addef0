package chant.spec.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import chant.support.testing.GrpcArchitecture;
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
                .should(GrpcArchitecture.guardTheirBinding())
                .because(GrpcArchitecture.WHY_GUARDED)
                .check(SERVICE);
    }
}
