package chant.merge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of merge-service: a package per concept under {@code chant.merge}; only
 * {@code chant.merge.grpc} (served) and {@code chant.merge.remote} (called) know the wire types, and
 * {@code chant.merge.auth} gRPC itself (its interceptor);
 * the merge engine ({@code chant.merge.git}) knows neither the database nor the queue.
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("chant.merge");

    @Test
    void theDomainDoesNotUseTheGrpcLayer() {
        noClasses().that().resideOutsideOfPackages("chant.merge.grpc..", "chant.merge.remote..", "chant.merge.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("chant.merge.grpc..", "chant.v1..", "io.grpc..",
                        "io.quarkus.grpc..")
                .because("gRPC service classes (and, for calls to other services, the remote clients) translate between"
                        + " protobuf and the domain; the domain knows neither")
                .allowEmptyShould(true)
                .check(SERVICE);
    }

    @Test
    void authenticationKnowsGrpcButNotTheWireTypes() {
        noClasses().that().resideInAPackage("chant.merge.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("chant.merge.grpc..", "chant.v1..")
                .because("chant.merge.auth installs the token interceptor (a gRPC interceptor) and checks rights in"
                        + " the domain's terms; the messages are the grpc and remote packages' business")
                .check(SERVICE);
    }

    @Test
    void conceptsHaveNoCycles() {
        slices().matching("chant.merge.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void theMergeEngineIsPlainJava() {
        noClasses().that().resideInAPackage("chant.merge.git..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "io.quarkus..",
                        "chant.merge.request..", "chant.merge.queue..")
                .because("the merge engine is tested against real repositories without a container")
                .check(SERVICE);
    }

    @Test
    void everyGrpcServiceRefusesUndecodableRequests() {
        classes().that().areAnnotatedWith(io.quarkus.grpc.GrpcService.class)
                .should(chant.support.testing.GrpcArchitecture.guardTheirBinding())
                .because(chant.support.testing.GrpcArchitecture.WHY_GUARDED)
                .allowEmptyShould(true)
                .check(SERVICE);
    }
}
