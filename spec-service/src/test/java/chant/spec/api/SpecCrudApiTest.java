package chant.spec.api;

import chant.v1.DeleteSpecRequest;
import chant.v1.GetSpecRequest;
import chant.v1.GetSpecResponse;
import chant.v1.ListSpecsRequest;
import chant.v1.ResolveSpecIdRequest;
import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.SpecType;
import chant.v1.StringList;
import chant.v1.UpdateSpecRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SpecCrudApiTest extends ApiTestBase {

    @Test
    void createAllocatesTodaysIdAndWritesTitleIntoBody() {
        String project = newProject();

        Spec spec = as("alice").createSpec(chant.v1.CreateSpecRequest.newBuilder()
                .setProject(project)
                .setTitle("Triage issue #1234: data lost on concurrent writes")
                .setBody("## Acceptance Criteria\n\n- [ ] Issue categorized\n- [x] Priority assigned\n")
                .setType(SpecType.SPEC_TYPE_TASK)
                .addLabels("triage").addLabels("issue-1234")
                .addTargetFiles(".chant/triage/issue-1234.md")
                .setPrompt("triage")
                .build()).getSpec();

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertTrue(spec.getId().matches(today + "-001-[0-9a-z]{3}"), spec.getId());
        assertEquals("Triage issue #1234: data lost on concurrent writes", spec.getTitle());
        assertTrue(spec.getBody().startsWith("# Triage issue #1234"), spec.getBody());
        assertEquals(SpecStatus.SPEC_STATUS_PENDING, spec.getStatus());
        assertEquals(List.of("triage", "issue-1234"), spec.getLabelsList());
        assertEquals(2, spec.getCriteriaTotal());
        assertEquals(1, spec.getCriteriaChecked());
        assertEquals("alice", spec.getCreatedBy());
        assertEquals("triage", get(project, spec.getId()).getPrompt());
    }

    @Test
    void sequenceCountsUpInBase36() {
        String project = newProject();
        String last = null;
        for (int i = 0; i < 11; i++) {
            last = create(project, "Spec " + i).getId();
        }
        assertEquals("00b", last.substring(11, 14));
    }

    @Test
    void shortFormsResolve() {
        String project = newProject();
        Spec first = create(project, "First");
        create(project, "Second");
        String suffix = first.getId().substring(15);

        assertEquals(first.getId(), get(project, suffix).getId());
        assertEquals(first.getId(), get(project, "001").getId());
        assertEquals(first.getId(), get(project, first.getId().substring(5, 14)).getId());
        assertEquals(chant.v1.IdMatch.ID_MATCH_RANDOM_SUFFIX, specs.resolveSpecId(ResolveSpecIdRequest.newBuilder()
                .setProject(project).setQuery(suffix).build()).getMatch());
    }

    @Test
    void ambiguousShortFormListsCandidates() {
        String project = newProject();
        Spec a = create(project, "A");
        Spec b = create(project, "B");
        String commonPrefix = a.getId().substring(0, 11);

        String message = assertStatus(Status.Code.FAILED_PRECONDITION, () -> get(project, commonPrefix));

        assertTrue(message.contains(a.getId()) && message.contains(b.getId()), message);
    }

    @Test
    void unknownIdIsNotFound() {
        String project = newProject();
        assertStatus(Status.Code.NOT_FOUND, () -> get(project, "zzz-nothing"));
    }

    @Test
    void groupMembersAreNumberedAndSortNumerically() {
        String project = newProject();
        Spec driver = create(project, "Fix storage layer", r -> r.setType(SpecType.SPEC_TYPE_DRIVER));
        for (int i = 1; i <= 10; i++) {
            Spec member = create(project, "Member " + i, r -> r.setDriver(driver.getId().substring(15)));
            assertEquals(driver.getId() + "." + i, member.getId());
        }

        List<String> ids = specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).build())
                .getSpecsList().stream().map(Spec::getId).toList();

        assertEquals(driver.getId(), ids.get(0));
        assertEquals(driver.getId() + ".2", ids.get(2));
        assertEquals(driver.getId() + ".10", ids.get(10));
    }

    @Test
    void updateChangesOnlyGivenFieldsAndBumpsVersion() {
        String project = newProject();
        Spec spec = create(project, "Root cause", r -> r.addLabels("root-cause").setModel("sonnet")
                .setBody("Investigate.\n"));

        Spec updated = specs.updateSpec(UpdateSpecRequest.newBuilder()
                .setProject(project).setId(spec.getId()).setExpectedVersion(spec.getVersion())
                .setTitle("Root cause: issue #1234")
                .setLabels(StringList.newBuilder().addValues("root-cause").addValues("issue-1234"))
                .build()).getSpec();

        assertEquals("Root cause: issue #1234", updated.getTitle());
        assertEquals(List.of("root-cause", "issue-1234"), updated.getLabelsList());
        assertEquals("sonnet", updated.getModel());
        assertTrue(updated.getBody().contains("Investigate."), updated.getBody());
        assertEquals(spec.getVersion() + 1, updated.getVersion());
    }

    @Test
    void staleVersionIsAbortedWithCurrentVersion() {
        String project = newProject();
        Spec spec = create(project, "Spec");
        specs.updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setModel("opus").build());

        String message = assertStatus(Status.Code.ABORTED, () -> specs.updateSpec(UpdateSpecRequest.newBuilder()
                .setProject(project).setId(spec.getId()).setExpectedVersion(spec.getVersion()).setModel("haiku").build()));

        assertTrue(message.contains("current version is " + (spec.getVersion() + 1)), message);
        assertEquals("opus", get(project, spec.getId()).getModel());
    }

    @Test
    void markdownEditReplacesFieldsAndBody() {
        String project = newProject();
        Spec spec = create(project, "Draft");
        GetSpecResponse raw = specs.getSpec(GetSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setIncludeMarkdown(true).build());
        assertTrue(raw.getMarkdown().startsWith("---\n"), raw.getMarkdown());

        String edited = raw.getMarkdown().replace("type: code", "type: research\nlabels:\n- impact-map\npr: 42")
                .replace("# Draft", "# Impact map");
        Spec updated = specs.updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setMarkdown(edited).build()).getSpec();

        assertEquals(SpecType.SPEC_TYPE_RESEARCH, updated.getType());
        assertEquals("Impact map", updated.getTitle());
        assertEquals(List.of("impact-map"), updated.getLabelsList());
        assertTrue(updated.getExtraFrontmatter().contains("pr: 42"), updated.getExtraFrontmatter());
    }

    @Test
    void invalidFieldsAreRefusedAndNothingIsStored() {
        String project = newProject();

        String escape = assertStatus(Status.Code.INVALID_ARGUMENT, () -> create(project, "Escape",
                r -> r.addTargetFiles("../../etc/passwd")));
        String absolute = assertStatus(Status.Code.INVALID_ARGUMENT, () -> create(project, "Absolute",
                r -> r.addInformedBy("/etc/passwd")));
        String label = assertStatus(Status.Code.INVALID_ARGUMENT, () -> create(project, "Label",
                r -> r.addLabels("no spaces")));
        String dependency = assertStatus(Status.Code.INVALID_ARGUMENT, () -> create(project, "Dependency",
                r -> r.addDependsOn("2020-01-01-001-abc")));
        String title = assertStatus(Status.Code.INVALID_ARGUMENT, () -> create(project, "  "));
        String big = assertStatus(Status.Code.INVALID_ARGUMENT, () -> create(project, "Big",
                r -> r.setBody("x".repeat(1024 * 1024 + 1))));

        assertTrue(escape.contains("target_files") && escape.contains("../../etc/passwd"), escape);
        assertTrue(absolute.contains("informed_by"), absolute);
        assertTrue(label.contains("no spaces"), label);
        assertTrue(dependency.contains("depends_on") && dependency.contains("2020-01-01-001-abc"), dependency);
        assertTrue(title.contains("title"), title);
        assertTrue(big.contains("1048576"), big);
        assertEquals(0, specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).build()).getTotalCount());
    }

    @Test
    void tooManyLabelsAreRefused() {
        String project = newProject();
        String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> create(project, "Labels", r -> {
            for (int i = 0; i < 101; i++) {
                r.addLabels("l" + i);
            }
        }));
        assertTrue(message.contains("100"), message);
    }

    @Test
    void dependenciesAreStoredAsFullIds() {
        String project = newProject();
        Spec triage = create(project, "Triage");
        Spec reproduce = create(project, "Reproduce", r -> r.addDependsOn(triage.getId().substring(15)));

        assertEquals(List.of(triage.getId()), reproduce.getDependsOnList());
    }

    @Test
    void deleteRefusesWhileOthersDependOnIt() {
        String project = newProject();
        Spec triage = create(project, "Triage");
        Spec reproduce = create(project, "Reproduce", r -> r.addDependsOn(triage.getId()));

        String message = assertStatus(Status.Code.FAILED_PRECONDITION, () -> specs.deleteSpec(
                DeleteSpecRequest.newBuilder().setProject(project).setId(triage.getId()).build()));
        assertTrue(message.contains(reproduce.getId()), message);

        specs.deleteSpec(DeleteSpecRequest.newBuilder().setProject(project).setId(reproduce.getId()).build());
        specs.deleteSpec(DeleteSpecRequest.newBuilder().setProject(project).setId(triage.getId()).build());
        assertStatus(Status.Code.NOT_FOUND, () -> get(project, triage.getId()));
    }

    @Test
    void deletedIdIsNeverHandedOutAgain() {
        String project = newProject();
        Spec first = create(project, "First");
        specs.deleteSpec(DeleteSpecRequest.newBuilder().setProject(project).setId(first.getId()).build());

        Spec second = create(project, "Second");

        assertEquals("002", second.getId().substring(11, 14));
        assertFalse(second.getId().equals(first.getId()));
    }

    @Test
    void updateToUnknownDependencyLeavesSpecUnchanged() {
        String project = newProject();
        Spec spec = create(project, "Spec", r -> r.addLabels("keep"));

        assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.updateSpec(UpdateSpecRequest.newBuilder()
                .setProject(project).setId(spec.getId()).setExpectedVersion(spec.getVersion())
                .setLabels(StringList.newBuilder().addValues("changed"))
                .setDependsOn(StringList.newBuilder().addValues("missing-spec")).build()));

        Spec after = get(project, spec.getId());
        assertEquals(List.of("keep"), after.getLabelsList());
        assertEquals(spec.getVersion(), after.getVersion());
    }

    @Test
    void updateRecordsTheWorkDoneAndTheReasonOfItsStatusChange() {
        String project = newProject();
        Spec spec = create(project, "Worked by an agent", r -> r.setBody("## Acceptance Criteria\n\n- [ ] done\n"));
        Spec started = transition(project, spec.getId(), SpecStatus.SPEC_STATUS_IN_PROGRESS).getSpec();

        Spec done = specs.updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                .setExpectedVersion(started.getVersion())
                .setBody("## Acceptance Criteria\n\n- [x] done\n")
                .setCommits(StringList.newBuilder().addValues("0123456").addValues("89abcde"))
                .setBranch("chant/" + spec.getId())
                .setCompletedAt("2026-12-03T23:50:00Z")
                .setStatus(SpecStatus.SPEC_STATUS_COMPLETED)
                .setReason("run 7 succeeded")
                .build()).getSpec();

        assertEquals(SpecStatus.SPEC_STATUS_COMPLETED, done.getStatus());
        assertEquals(List.of("0123456", "89abcde"), done.getCommitsList());
        assertEquals("chant/" + spec.getId(), done.getBranch());
        assertEquals("2026-12-03T23:50:00Z", done.getCompletedAt());
        assertEquals(1, done.getCriteriaChecked());
        chant.v1.SpecEvent transition = events.listSpecEvents(chant.v1.ListSpecEventsRequest.newBuilder()
                        .setProject(project).setSpecId(spec.getId()).build()).getEventsList().stream()
                .filter(e -> e.getToStatus() == SpecStatus.SPEC_STATUS_COMPLETED).findFirst().orElseThrow();
        assertEquals("run 7 succeeded", transition.getReason());
    }
}
