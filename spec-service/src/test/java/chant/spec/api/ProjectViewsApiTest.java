package chant.spec.api;

import chant.v1.GetDependencyGraphRequest;
import chant.v1.GetStatusSummaryRequest;
import chant.v1.GetStatusSummaryResponse;
import chant.v1.GraphNode;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import chant.v1.StatusCount;
import chant.v1.ValidateSpecsRequest;
import chant.v1.ValidateSpecsResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project-wide views: status at a glance, the dependency graph, lint. */
@QuarkusTest
class ProjectViewsApiTest extends ApiTestBase {

    @Test
    void statusSummaryCountsEffectiveStatusesAndListsReadyAndBlocked() {
        String project = newProject();
        Spec a = create(project, "A");
        Spec b = create(project, "B", r -> r.addDependsOn(a.getId()));
        Spec c = create(project, "C");
        transition(project, c.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS);

        GetStatusSummaryResponse summary = lifecycle.getStatusSummary(GetStatusSummaryRequest.newBuilder()
                .setProject(project).build());

        Map<SpecStatus, Long> counts = summary.getCountsList().stream()
                .collect(Collectors.toMap(StatusCount::getStatus, StatusCount::getCount));
        assertEquals(Map.of(SpecStatus.SPEC_STATUS_PENDING, 1L, SpecStatus.SPEC_STATUS_BLOCKED, 1L,
                SpecStatus.SPEC_STATUS_IN_PROGRESS, 1L), counts);
        assertEquals(List.of(a.getId()), LifecycleApiTest.ids(summary.getReadySpecsList()));
        assertEquals(List.of(b.getId()), LifecycleApiTest.ids(summary.getBlockedSpecsList()));
        assertEquals(1, summary.getReadyCount());
        assertEquals(1, summary.getBlockedCount());
    }

    @Test
    void dependencyGraphOfALabelIncludesWhatItDependsOnInOrder() {
        String project = newProject();
        Spec triage = create(project, "Triage");
        Spec reproduce = create(project, "Reproduce", r -> r.addLabels("issue-1234").addDependsOn(triage.getId()));
        create(project, "Unrelated");

        List<GraphNode> nodes = lifecycle.getDependencyGraph(GetDependencyGraphRequest.newBuilder()
                .setProject(project).setLabel("issue-1234").build()).getNodesList();

        assertEquals(List.of(triage.getId(), reproduce.getId()), nodes.stream().map(GraphNode::getId).toList());
        assertEquals(List.of(triage.getId()), nodes.get(1).getDependsOnList());
        assertEquals(SpecStatus.SPEC_STATUS_BLOCKED, nodes.get(1).getStatus());
    }

    @Test
    void lintReportsErrorsAndWarningsPerSpec() {
        String project = newProject();
        Spec research = create(project, "Research without inputs", r -> r.setType(SpecType.SPEC_TYPE_RESEARCH)
                .setBody("## Acceptance Criteria\n\n- [ ] Findings written\n"));
        create(project, "Clean", r -> r.setBody("## Acceptance Criteria\n\n- [ ] Done\n"));

        ValidateSpecsResponse report = lifecycle.validateSpecs(ValidateSpecsRequest.newBuilder().setProject(project).build());

        assertEquals(2, report.getCheckedCount());
        assertEquals(1, report.getSpecsCount());
        assertEquals(research.getId(), report.getSpecs(0).getSpecId());
        assertEquals("informed_by", report.getSpecs(0).getProblems(0).getField());
        assertEquals(0, report.getErrorCount());
        assertEquals(1, report.getWarningCount());
    }
}
