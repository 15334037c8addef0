package chant.agent.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of agent-service: a package per concept under {@code chant.agent}; only
 * {@code chant.agent.grpc} (served) and {@code chant.agent.remote} (called) know the wire types.
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("chant.agent");

    @Test
    void theDomainDoesNotUseTheGrpcLayer() {
        noClasses().that().resideOutsideOfPackages("chant.agent.grpc..", "chant.agent.remote..")
                .should().dependOnClassesThat().resideInAnyPackage("chant.agent.grpc..", "chant.v1..", "io.grpc..",
                        "io.quarkus.grpc..")
                .because("gRPC service classes (and, for calls to other services, the remote clients) translate between"
                        + " protobuf and the domain; the domain knows neither")
                .allowEmptyShould(true)
                .check(SERVICE);
    }

    @Test
    void onlyTheKubernetesBackendKnowsKubernetes() {
        noClasses().that().resideOutsideOfPackage("chant.agent.backend.kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.quarkus.kubernetes..")
                .because("the Kubernetes backend turns runs into Jobs and Jobs' states into run ends; nothing else"
                        + " knows the cluster's API")
                .check(SERVICE);
    }

    @Test
    void conceptsHaveNoCycles() {
        slices().matching("chant.agent.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void theDemoAgentNeedsOnlyTheJdk() {
        classes().that().resideInAPackage("chant.agent.provider.demo.agent..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "chant.agent.provider.demo.agent..")
                .because("the demo agent runs in the sandbox on a classpath of its own package only (DemoAgentClasses)")
                .check(SERVICE);
    }

    @Test
    void everyGrpcServiceRefusesUndecodableRequests() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().areAnnotatedWith(io.quarkus.grpc.GrpcService.class)
                .should(chant.support.testing.GrpcArchitecture.guardTheirBinding())
                .because(chant.support.testing.GrpcArchitecture.WHY_GUARDED)
                .check(SERVICE);
    }
}
