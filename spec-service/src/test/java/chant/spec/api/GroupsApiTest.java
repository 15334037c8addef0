package chant.spec.api;

import chant.v1.GetBlockersRequest;
import chant.v1.ListSpecEventsRequest;
import chant.v1.Spec;
import chant.v1.SpecEvent;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import chant.v1.TransitionSpecResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drivers and their members. */
@QuarkusTest
class GroupsApiTest extends ApiTestBase {

    @Test
    void membersWaitForEarlierSiblingsAndTheDriverFollowsThem() {
        String project = newProject();
        Spec driver = create(project, "Fix storage layer", r -> r.setType(SpecType.SPEC_TYPE_DRIVER));
        Spec first = member(project, driver, "Primary write path");
        Spec second = member(project, driver, "Batch operations");

        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, get(project, second.getId()).getStatus());
        assertEquals(first.getId(), lifecycle.getBlockers(GetBlockersRequest.newBuilder().setProject(project)
                .setId(second.getId()).build()).getBlockers(0).getSpecId());

        TransitionSpecResponse started = transition(project, first.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);
        assertEquals(2, started.getTransitionsCount());
        assertTrue(started.getTransitions(1).getAutomatic());
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, get(project, driver.getId()).getStatus());

        transition(project, first.getId(), SpecStatus.SPEC_STATUS_COMPLETED);
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, get(project, second.getId()).getStatus());
        assertEquals(SpecStatus.SPEC_STATUS_IN_PROGRESS, get(project, driver.getId()).getStatus());

        finish(project, second.getId());
        assertEquals(SpecStatus.SPEC_STATUS_COMPLETED, get(project, driver.getId()).getStatus());
    }

    @Test
    void membersInheritTheDriversDependenciesButNotTheirSiblings() {
        String project = newProject();
        Spec research = create(project, "Research");
        Spec driver = create(project, "Driver", r -> r.setType(SpecType.SPEC_TYPE_DRIVER).addDependsOn(research.getId()));
        Spec member = member(project, driver, "Member");

        var blockers = lifecycle.getBlockers(GetBlockersRequest.newBuilder().setProject(project)
                .setId(member.getId()).build()).getBlockersList();

        assertEquals(1, blockers.size());
        assertEquals(chant.v1.BlockerKind.BLOCKER_KIND_DRIVER_DEPENDENCY, blockers.get(0).getKind());
        assertEquals(research.getId(), blockers.get(0).getSpecId());
    }

    @Test
    void membersCompletingConcurrentlyCompleteTheDriverExactlyOnce() throws Exception {
        String project = newProject();
        Spec driver = create(project, "Driver", r -> r.setType(SpecType.SPEC_TYPE_GROUP));
        List<Spec> members = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Spec m = create(project, "Member " + i, r -> r.setDriver(driver.getId()).addDependsOn(driver.getId()));
            members.add(m);
        }
        for (Spec m : members) {
            transition(project, m.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);
        }

        Parallel.run(8, 1, i -> {
            transition(project, members.get(i).getId(), SpecStatus.SPEC_STATUS_COMPLETED);
            return null;
        });

        assertEquals(SpecStatus.SPEC_STATUS_COMPLETED, get(project, driver.getId()).getStatus());
        List<SpecEvent> driverEvents = events.listSpecEvents(ListSpecEventsRequest.newBuilder().setProject(project)
                .setSpecId(driver.getId()).build()).getEventsList();
        assertEquals(1, driverEvents.stream().filter(e -> e.getToStatus() == SpecStatus.SPEC_STATUS_COMPLETED).count(),
                "the driver completed exactly once");
        assertEquals("chant", driverEvents.stream().filter(e -> e.getToStatus() == SpecStatus.SPEC_STATUS_COMPLETED)
                .findFirst().orElseThrow().getActor());
    }

    @Test
    void listsFilterByDriverAtAnyDepthAndReadyListsOnlyItsReadyMembers() {
        String project = newProject();
        Spec driver = create(project, "Driver", r -> r.setType(SpecType.SPEC_TYPE_DRIVER));
        Spec first = member(project, driver, "First");
        Spec nested = create(project, "First's own part", r -> r.setDriver(first.getId()));
        Spec second = member(project, driver, "Second");
        create(project, "Unrelated");
        // A spec whose ID merely starts like the driver's (an escaped LIKE: "_" and "%" are not wildcards).
        String lookalike = driver.getId() + "0";

        assertEquals(List.of(first.getId(), nested.getId(), second.getId()), ids(specs.listSpecs(
                chant.v1.ListSpecsRequest.newBuilder().setProject(project).setDriver(driver.getId()).build())
                .getSpecsList()));
        assertEquals(List.of(nested.getId()), ids(specs.listSpecs(chant.v1.ListSpecsRequest.newBuilder()
                .setProject(project).setDriver(first.getId()).build()).getSpecsList()));
        assertEquals(List.of(), ids(specs.listSpecs(chant.v1.ListSpecsRequest.newBuilder().setProject(project)
                .setDriver(lookalike).build()).getSpecsList()));

        // The second member waits for the first: only the first and its own member are ready.
        assertEquals(List.of(first.getId(), nested.getId()), ids(lifecycle.listReadySpecs(
                chant.v1.ListReadySpecsRequest.newBuilder().setProject(project).setDriver(driver.getId()).build())
                .getSpecsList()));
    }

    private static List<String> ids(List<Spec> specs) {
        return specs.stream().map(Spec::getId).toList();
    }

    private Spec member(String project, Spec driver, String title) {
        return create(project, title, r -> r.setDriver(driver.getId()));
    }
}
