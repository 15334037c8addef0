package chant.spec.api;

import chant.v1.ListSpecsRequest;
import chant.v1.ListSpecsResponse;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class SpecListApiTest extends ApiTestBase {

    private ListSpecsResponse list(String project, java.util.function.Consumer<ListSpecsRequest.Builder> filter) {
        ListSpecsRequest.Builder request = ListSpecsRequest.newBuilder().setProject(project);
        filter.accept(request);
        return specs.listSpecs(request.build());
    }

    private static List<String> titles(ListSpecsResponse response) {
        return response.getSpecsList().stream().map(Spec::getTitle).toList();
    }

    @Test
    void filtersCombine() {
        String project = newProject();
        create(project, "Triage concurrent writes", r -> r.setType(SpecType.SPEC_TYPE_TASK).addLabels("triage").addLabels("issue-1234"));
        create(project, "Reproduce concurrent writes", r -> r.setType(SpecType.SPEC_TYPE_TASK).addLabels("reproduction").addLabels("issue-1234"));
        create(project, "Root cause", r -> r.setType(SpecType.SPEC_TYPE_RESEARCH).addLabels("root-cause")
                .setBody("The version counter RACE is the culprit.\n"));
        Spec done = create(project, "Unrelated docs", r -> r.setType(SpecType.SPEC_TYPE_DOCUMENTATION).addLabels("docs"));
        finish(project, done.getId());

        assertEquals(List.of("Triage concurrent writes", "Reproduce concurrent writes"),
                titles(list(project, r -> r.addLabels("issue-1234"))));
        assertEquals(List.of("Triage concurrent writes", "Root cause"),
                titles(list(project, r -> r.addLabels("triage").addLabels("root-cause"))));
        assertEquals(List.of("Root cause"), titles(list(project, r -> r.setText("version counter race"))));
        assertEquals(List.of("Reproduce concurrent writes"),
                titles(list(project, r -> r.setText("REPRODUCE").addTypes(SpecType.SPEC_TYPE_TASK))));
        assertEquals(List.of("Unrelated docs"), titles(list(project, r -> r.addStatuses(SpecStatus.SPEC_STATUS_COMPLETED))));
        assertEquals(3, list(project, r -> r.addStatuses(SpecStatus.SPEC_STATUS_PENDING)).getTotalCount());
        assertEquals(List.of(), titles(list(project, r -> r.setText("100%_match"))));
    }

    @Test
    void bodiesAreLeftOutOfLists() {
        String project = newProject();
        create(project, "With body", r -> r.setBody("Some text\n"));

        Spec listed = list(project, r -> { }).getSpecs(0);

        assertEquals("", listed.getBody());
        assertEquals("With body", listed.getTitle());
    }

    @Test
    void pagesCoverEverySpecOnceInOrderWithTotal() {
        String project = newProject();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            created.add(create(project, "Spec " + i).getId());
        }

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            String current = token;
            ListSpecsResponse page = list(project, r -> r.setPageSize(5).setPageToken(current));
            assertEquals(23, page.getTotalCount());
            page.getSpecsList().forEach(s -> seen.add(s.getId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());

        assertEquals(created, seen);
        assertEquals(5, pages);
    }

    @Test
    void badPageArgumentsAreInvalid() {
        String project = newProject();
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> list(project, r -> r.setPageToken("%%%")));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> list(project, r -> r.setPageSize(5000)));
    }
}
