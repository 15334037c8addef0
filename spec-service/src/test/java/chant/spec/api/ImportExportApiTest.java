package chant.spec.api;

import chant.spec.format.SpecMarkdown;
import chant.v1.ArchiveFilter;
import chant.v1.ExportSpecsRequest;
import chant.v1.ExportSpecsResponse;
import chant.v1.ImportFile;
import chant.v1.ImportHeader;
import chant.v1.ImportOutcome;
import chant.v1.ImportSpecsRequest;
import chant.v1.ImportSpecsResponse;
import chant.v1.ImportedFile;
import chant.v1.ListSpecsRequest;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ImportExportApiTest extends ApiTestBase {

    /** The project's own fixture folder, shaped like a real `.chant/` folder. */
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/chant-folder");

    @GrpcClient("specs")
    io.grpc.Channel channel;

    @Test
    void importsEveryFileOfTheFixtureFolderAndExportsItBack() {
        String project = "import-" + System.nanoTime();
        Map<String, String> folder = readFolder(FIXTURE);

        ImportSpecsResponse report = importFolder(project, true, folder);

        for (ImportedFile file : report.getFilesList()) {
            assertTrue(file.getOutcome() != ImportOutcome.IMPORT_OUTCOME_REFUSED,
                    () -> file.getPath() + " was refused: " + file.getProblemsList());
        }
        long specFiles = folder.keySet().stream().filter(p -> p.startsWith("specs/") || p.startsWith("archive/")).count();
        assertEquals(specFiles, report.getImportedCount());

        Map<String, String> exported = export(project);
        assertEquals(folder.keySet(), exported.keySet(), "export writes the same layout back");
        for (String path : folder.keySet()) {
            if (path.startsWith("specs/") || path.startsWith("archive/")) {
                assertEquals(underivedStatus(SpecMarkdown.parse(folder.get(path))),
                        underivedStatus(SpecMarkdown.parse(exported.get(path))),
                        path + " exports to the same frontmatter and body");
            } else {
                assertEquals(folder.get(path), exported.get(path), path + " is exported as imported");
            }
        }
    }

    @Test
    void badFilesAreRefusedWithFileFieldAndValueWhileGoodOnesImport() {
        String project = newProject();
        Map<String, String> folder = new LinkedHashMap<>();
        folder.put("specs/good.md", "---\ntype: task\nlabels: [triage]\n---\n# Good spec\n");
        folder.put("specs/bad-type.md", "---\ntype: implementation\n---\n# Uses a type chant rejects\n");
        folder.put("specs/bad-yaml.md", "---\ntype: code\nlabels: [unclosed\n---\n# Broken\n");
        folder.put("specs/escape.md", "---\ntarget_files: [../../etc/passwd]\n---\n# Escapes\n");
        folder.put("specs/orphan.md", "---\ndepends_on: [bad-type]\n---\n# Depends on a refused spec\n");
        folder.put("specs/dependent.md", "---\ndepends_on: good\n---\n# Depends on the good one\n");
        folder.put("specs/cycle-a.md", "---\ndepends_on: [cycle-b]\n---\n# A\n");
        folder.put("specs/cycle-b.md", "---\ndepends_on: [cycle-a]\n---\n# B\n");
        folder.put("specs/research.md", "---\ntype: research\n---\n# Research without inputs\n");

        ImportSpecsResponse report = importFolder(project, false, folder);

        assertEquals(4, report.getImportedCount());
        assertEquals(5, report.getRefusedCount());
        assertTrue(file(report, "specs/cycle-a.md").getProblems(0).getMessage().contains("cycle-a -> cycle-b -> cycle-a")
                || file(report, "specs/cycle-a.md").getProblems(0).getMessage().contains("cycle-b -> cycle-a -> cycle-b"));
        assertTrue(file(report, "specs/research.md").getProblemsList().stream()
                .anyMatch(p -> p.getField().equals("informed_by")), "lint findings are reported per file");
        ImportedFile badType = file(report, "specs/bad-type.md");
        assertEquals("type", badType.getProblems(0).getField());
        assertEquals("implementation", badType.getProblems(0).getValue());
        assertEquals("specs/bad-type.md", badType.getProblems(0).getFile());
        assertTrue(badType.getProblems(0).getMessage().contains("research"), badType.getProblems(0).getMessage());
        assertTrue(file(report, "specs/bad-yaml.md").getProblems(0).getLine() >= 3);
        assertEquals("target_files", file(report, "specs/escape.md").getProblems(0).getField());
        ImportedFile orphan = file(report, "specs/orphan.md");
        assertEquals(ImportOutcome.IMPORT_OUTCOME_IMPORTED, orphan.getOutcome(), "chant loads it: it waits for bad-type");
        assertEquals("depends_on", orphan.getProblems(0).getField());
        assertEquals(List.of("bad-type"), get(project, "orphan").getDependsOnList());
        assertEquals(List.of("good"), get(project, "dependent").getDependsOnList());
    }

    @Test
    void scalarsAndEmptyListsKeepTheirSpellingThroughImportEditAndExport() {
        String project = newProject();
        String original = "---\ntype: code\nstatus: completed\nlabels: []\ndepends_on: []\ncommits:\n- 1234567\n"
                + "- '7654321'\ncompleted_at: '2026-02-02T14:32:32Z'\nmodel: sonnet\nlast_verified: '2026-02-03T09:00:00Z'\n"
                + "---\n# Spelled as chant wrote it\n";
        importFolder(project, false, Map.of("specs/2026-02-02-001-s9q.md", original));

        assertEquals(original, export(project).get("specs/2026-02-02-001-s9q.md"));

        Spec spec = get(project, "s9q");
        specs.updateSpec(chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId("s9q")
                .setExpectedVersion(spec.getVersion())
                .setLabels(chant.v1.StringList.newBuilder().addValues("kept")).build());
        assertEquals(original.replace("labels: []\n", "labels:\n- kept\n"), export(project).get("specs/2026-02-02-001-s9q.md"),
                "an edit keeps the spelling of what it does not change");
    }

    @Test
    void statusReadyFromChantsWalkthroughImportsAsPendingWithAWarning() {
        String project = newProject();
        Map<String, String> folder = new LinkedHashMap<>();
        folder.put("specs/2026-01-29-001-abc.md", "---\ntype: task\nstatus: ready\nprompt: triage\n---\n# Triage\n");
        folder.put("specs/2026-01-29-002-def.md", "---\nstatus: done\n---\n# Unknown status\n");

        ImportSpecsResponse report = importFolder(project, false, folder);

        ImportedFile ready = file(report, "specs/2026-01-29-001-abc.md");
        assertEquals(ImportOutcome.IMPORT_OUTCOME_IMPORTED, ready.getOutcome(), ready.getProblemsList().toString());
        chant.v1.Problem warning = ready.getProblemsList().stream().filter(p -> p.getField().equals("status"))
                .findFirst().orElseThrow();
        assertEquals("ready", warning.getValue());
        assertEquals(chant.v1.Severity.SEVERITY_WARNING, warning.getSeverity());
        assertEquals("specs/2026-01-29-001-abc.md", warning.getFile());
        assertEquals(chant.v1.SpecStatus.SPEC_STATUS_PENDING, get(project, "abc").getStatus());
        assertEquals(ImportOutcome.IMPORT_OUTCOME_REFUSED, file(report, "specs/2026-01-29-002-def.md").getOutcome());
    }

    @Test
    void aFileWithoutATitleImportsTitledByItsIdAndCanBeEditedLater() {
        String project = newProject();
        String body = "Notes only, no heading.\n\n## Acceptance Criteria\n\n- [ ] done\n";

        ImportSpecsResponse report = importFolder(project, false, Map.of("specs/2026-02-07-00a-ffx.md",
                "---\ntype: task\n---\n" + body));

        ImportedFile imported = file(report, "specs/2026-02-07-00a-ffx.md");
        assertEquals(ImportOutcome.IMPORT_OUTCOME_IMPORTED, imported.getOutcome(), imported.getProblemsList().toString());
        assertTrue(imported.getProblemsList().stream().anyMatch(p -> p.getField().equals("body")
                && p.getMessage().contains("no title") && p.getSeverity() == chant.v1.Severity.SEVERITY_WARNING),
                imported.getProblemsList().toString());
        Spec spec = get(project, "ffx");
        assertEquals("2026-02-07-00a-ffx", spec.getTitle());

        Spec labelled = specs.updateSpec(chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId("ffx")
                .setExpectedVersion(spec.getVersion())
                .setLabels(chant.v1.StringList.newBuilder().addValues("triage")).build()).getSpec();
        assertEquals(List.of("triage"), labelled.getLabelsList());
        Spec rewritten = specs.updateSpec(chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId("ffx")
                .setExpectedVersion(labelled.getVersion()).setBody("Other notes.").build()).getSpec();
        assertEquals("---\ntype: task\nstatus: pending\nlabels:\n- triage\n---\nOther notes.\n",
                export(project).get("specs/2026-02-07-00a-ffx.md"), "the body stays without a heading");
        assertEquals("2026-02-07-00a-ffx", rewritten.getTitle());
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> create(project, " "));
    }

    @Test
    void anEditWithStatusReadyIsRefusedSayingWhatToWrite() {
        String project = newProject();
        Spec spec = create(project, "Edited by hand");

        String message = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.updateSpec(
                chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId(spec.getId())
                        .setExpectedVersion(spec.getVersion())
                        .setMarkdown("---\nstatus: ready\n---\n# Edited by hand\n").build()));

        assertTrue(message.contains("write pending"), message);
    }

    @Test
    void aDependencyDeletedLongAgoIsKeptWaitedForReportedAndExportedBack() {
        String project = newProject();
        String file = "---\ndepends_on:\n- 2025-11-02-004-gone\n- 2026-03-01-001-k2p\n---\n# Waits for history\n";
        Map<String, String> folder = new LinkedHashMap<>();
        folder.put("specs/2026-03-01-001-k2p.md", "# Present\n");
        folder.put("specs/2026-03-01-002-w8v.md", file);

        ImportSpecsResponse report = importFolder(project, false, folder);

        ImportedFile imported = file(report, "specs/2026-03-01-002-w8v.md");
        assertEquals(ImportOutcome.IMPORT_OUTCOME_IMPORTED, imported.getOutcome(), imported.getProblemsList().toString());
        chant.v1.Problem dangling = imported.getProblemsList().stream()
                .filter(p -> p.getValue().equals("2025-11-02-004-gone")).findFirst().orElseThrow();
        assertEquals("depends_on", dangling.getField());
        assertEquals(chant.v1.Severity.SEVERITY_WARNING, dangling.getSeverity(), "lint findings of an imported file only warn");
        var blockers = lifecycle.getBlockers(chant.v1.GetBlockersRequest.newBuilder().setProject(project).setId("w8v").build());
        assertTrue(!blockers.getReady() && blockers.getBlockersList().stream()
                .anyMatch(b -> b.getDescription().equals("dependency 2025-11-02-004-gone does not exist")),
                blockers.toString());
        assertEquals("---\ntype: code\nstatus: pending\n" + file.substring("---\n".length()),
                export(project).get("specs/2026-03-01-002-w8v.md"), "the dangling entry is written back unchanged");

        Spec spec = get(project, "w8v");
        Spec labelled = specs.updateSpec(chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId("w8v")
                .setExpectedVersion(spec.getVersion())
                .setLabels(chant.v1.StringList.newBuilder().addValues("history")).build()).getSpec();
        assertEquals(List.of("2025-11-02-004-gone", "2026-03-01-001-k2p"), labelled.getDependsOnList(),
                "an edit that leaves the entry alone keeps it");
        String refused = assertStatus(Status.Code.INVALID_ARGUMENT, () -> specs.updateSpec(
                chant.v1.UpdateSpecRequest.newBuilder().setProject(project).setId("w8v")
                        .setExpectedVersion(labelled.getVersion())
                        .setDependsOn(chant.v1.StringList.newBuilder().addValues("2025-11-02-004-gone")
                                .addValues("2025-12-24-001-new")).build()));
        assertTrue(refused.contains("2025-12-24-001-new"), refused);
    }

    @Test
    void shortDependsOnEntriesFollowTheShortIdRuleOfEveryOtherCommand() {
        String project = newProject();
        Map<String, String> folder = new LinkedHashMap<>();
        folder.put("specs/2026-03-01-001-k2p.md", "# Generated\n");
        folder.put("specs/k2p-notes.md", "# Named after it\n");
        folder.put("specs/by-suffix.md", "---\ndepends_on: [k2p]\n---\n# Suffix first, as chant show k2p\n");
        folder.put("specs/by-substring.md", "---\ndepends_on: [k2p-no]\n---\n# Substring\n");

        ImportSpecsResponse report = importFolder(project, false, folder);

        assertEquals(4, report.getImportedCount(), report.getFilesList().toString());
        assertEquals(List.of("2026-03-01-001-k2p"), get(project, "by-suffix").getDependsOnList());
        assertEquals(get(project, "k2p").getId(), get(project, "by-suffix").getDependsOn(0),
                "the importer and the resolver name the same spec");
        assertEquals(List.of("k2p-notes"), get(project, "by-substring").getDependsOnList());
        assertTrue(file(report, "specs/by-suffix.md").getProblemsList().stream()
                .anyMatch(p -> p.getMessage().contains("stored as 2026-03-01-001-k2p")));
    }

    @Test
    void archiveFolderSpecsAreArchivedAndLeaveShortIdResolution() {
        String project = newProject();
        Map<String, String> folder = new LinkedHashMap<>();
        folder.put("specs/2026-03-01-002-k9w.md", "---\nstatus: pending\n---\n# Active\n");
        folder.put("archive/2026-03-01/2026-03-01-001-r4x.md", "---\nstatus: completed\n---\n# Archived\n");

        importFolder(project, false, folder);

        assertEquals(List.of("Active"), specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project).build())
                .getSpecsList().stream().map(Spec::getTitle).toList());
        assertEquals(List.of("Archived"), specs.listSpecs(ListSpecsRequest.newBuilder().setProject(project)
                .setArchived(ArchiveFilter.ARCHIVE_FILTER_ARCHIVED).build()).getSpecsList().stream().map(Spec::getTitle).toList());
        assertTrue(get(project, "r4x").getArchived(), "the random suffix still reaches an archived spec");
        assertTrue(get(project, "2026-03-01-001-r4x").getArchived());
        assertStatus(Status.Code.NOT_FOUND, () -> get(project, "03-01-001"));
        assertTrue(export(project).containsKey("archive/2026-03-01/2026-03-01-001-r4x.md"));
    }

    @Test
    void importedGeneratedIdsReserveTheirSequence() {
        String project = newProject();
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        importFolder(project, false, Map.of("specs/" + today + "-00c-abc.md", "# Imported today\n"));

        Spec created = create(project, "Created after the import");

        assertEquals("00d", created.getId().substring(11, 14));
    }

    @Test
    void reimportIsRefusedUnlessReplacing() {
        String project = newProject();
        importFolder(project, false, Map.of("specs/one.md", "# One\n"));

        ImportSpecsResponse again = importFolder(project, false, Map.of("specs/one.md", "# One, edited\n"));
        assertEquals(1, again.getRefusedCount());
        assertTrue(again.getFiles(0).getProblems(0).getMessage().contains("--replace"));

        ImportSpecsResponse replaced = importWith(ImportHeader.newBuilder().setProject(project).setReplaceExisting(true),
                Map.of("specs/one.md", "# One, edited\n"));
        assertEquals(1, replaced.getImportedCount());
        assertEquals("One, edited", get(project, "one").getTitle());
    }

    @Test
    void configSetsProjectDefaultsAndNameWhenCreating() {
        String name = "from-config-" + System.nanoTime();
        Map<String, String> folder = new LinkedHashMap<>();
        folder.put("config.md", "---\nproject:\n  name: " + name + "\ndefaults:\n  prompt: research\n---\n# Config\n");
        folder.put("research/notes.md", "# Notes\n");

        ImportSpecsResponse report = importWith(ImportHeader.newBuilder().setCreateProject(true), folder);

        assertEquals(name, report.getProject());
        assertEquals(ImportOutcome.IMPORT_OUTCOME_CONFIG, file(report, "config.md").getOutcome());
        assertEquals(ImportOutcome.IMPORT_OUTCOME_DOCUMENT, file(report, "research/notes.md").getOutcome());
        assertEquals("research", projects.getProject(chant.v1.GetProjectRequest.newBuilder().setName(name).build())
                .getProject().getDefaultPrompt());
    }

    @Test
    void aConfigWhoseRepositoryCarriesCredentialsIsRefusedAndNotKept() {
        String name = newProject();
        ImportSpecsResponse report = importFolder(name, false, Map.of("config.md",
                "---\nplatform:\n  repository: https://alice:s3cret-Value@git.example/kv.git\n---\n# Config\n"));

        assertEquals(ImportOutcome.IMPORT_OUTCOME_REFUSED, file(report, "config.md").getOutcome());
        assertFalse(report.toString().contains("s3cret-Value"), report.toString());
        assertEquals("", project(name).getRepoUrl());
        assertFalse(String.valueOf(export(name).get("config.md")).contains("s3cret-Value"));
    }

    @Test
    void exportThenImportIntoANewProjectGivesTheSameProject() {
        String name = "settings-" + System.nanoTime();
        projects.createProject(chant.v1.CreateProjectRequest.newBuilder().setProject(chant.v1.Project.newBuilder()
                .setName(name).setRepoUrl("https://git.example/tides.git").setDefaultBranch("trunk")
                .setRejectionAction(chant.v1.RejectionAction.REJECTION_ACTION_GROUP)).build());
        String config = "---\nproject:\n  name: " + name + "\ndefaults:\n  prompt: research\n  provider: claude\n"
                + "---\n\n# Tides\n\nKept.\n";
        importFolder(name, false, Map.of("config.md", config));

        String exported = export(name).get("config.md");
        String copy = "copy-" + System.nanoTime();
        importFolder(copy, true, Map.of("config.md", exported));

        chant.v1.Project original = project(name);
        chant.v1.Project imported = project(copy);
        assertEquals(original.toBuilder().setName(copy).clearCreateTime().build(),
                imported.toBuilder().clearCreateTime().build());
        assertEquals("research", imported.getDefaultPrompt());
        assertEquals("https://git.example/tides.git", imported.getRepoUrl());
        assertTrue(exported.contains("  provider: claude\n") && exported.endsWith("\n# Tides\n\nKept.\n"), exported);
    }

    private chant.v1.Project project(String name) {
        return projects.getProject(chant.v1.GetProjectRequest.newBuilder().setName(name).build()).getProject();
    }

    @Test
    void absoluteAndClimbingPathsAreRefusedAsFilesWhileTheRestImports() {
        String name = "paths-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("specs/good.md", "# Good\n");
        files.put("/etc/evil.md", "# Absolute\n");
        files.put("../outside.md", "# Climbs\n");
        files.put("specs/../../up.md", "# Climbs inside\n");

        ImportSpecsResponse report = importFolder(name, true, files);

        assertEquals(ImportOutcome.IMPORT_OUTCOME_IMPORTED, file(report, "specs/good.md").getOutcome());
        for (String bad : List.of("/etc/evil.md", "../outside.md", "specs/../../up.md")) {
            assertEquals(ImportOutcome.IMPORT_OUTCOME_REFUSED, file(report, bad).getOutcome(), bad);
            assertTrue(file(report, bad).getProblemsCount() > 0, bad);
        }
        assertEquals("Good", get(name, "good").getTitle());
    }

    @Test
    void importIntoMissingProjectIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> importFolder("missing-" + java.util.UUID.randomUUID(), false,
                Map.of("specs/a.md", "# A\n")));
    }

    @Test
    void importingNeedsMemberAndCreatingTheProjectByImportAPlatformAdmin() {
        String project = newProject();
        String fresh = "imported-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> files = Map.of("specs/2026-01-01-001-abc.md", "---\nstatus: pending\n---\n# Imported\n");
        var tokens = chant.support.testing.TestTokens.shared();
        String viewer = tokens.user("victor", Map.of(project, chant.support.auth.Role.VIEWER));
        String member = tokens.user("mia", Map.of(project, chant.support.auth.Role.MEMBER, fresh,
                chant.support.auth.Role.ADMIN));

        assertStatus(Status.Code.PERMISSION_DENIED,
                () -> importWith(viewer, ImportHeader.newBuilder().setProject(project), files));
        String create = assertStatus(Status.Code.PERMISSION_DENIED, () -> importWith(member,
                ImportHeader.newBuilder().setProject(fresh).setCreateProject(true), files));

        assertTrue(create.contains("needs a platform admin"), create);
        assertEquals(0, specs.listSpecs(chant.v1.ListSpecsRequest.newBuilder().setProject(project).build()).getTotalCount());
        assertStatus(Status.Code.NOT_FOUND, () -> projects.getProject(chant.v1.GetProjectRequest.newBuilder()
                .setName(fresh).build()));
        importWith(member, ImportHeader.newBuilder().setProject(project), files);
        assertEquals("mia", get(project, "2026-01-01-001-abc").getCreatedBy());
    }

    private ImportSpecsResponse importFolder(String project, boolean create, Map<String, String> files) {
        return importWith(ImportHeader.newBuilder().setProject(project).setCreateProject(create), files);
    }

    private ImportSpecsResponse importWith(ImportHeader.Builder header, Map<String, String> files) {
        return importWith(null, header, files);
    }

    /** Streams a header and the files through the client-streaming ImportSpecs RPC, with {@code token} when given. */
    private ImportSpecsResponse importWith(String token, ImportHeader.Builder header, Map<String, String> files) {
        CompletableFuture<ImportSpecsResponse> result = new CompletableFuture<>();
        SpecServiceGrpc.SpecServiceStub stub = SpecServiceGrpc.newStub(channel);
        if (token != null) {
            stub = chant.support.testing.GrpcAssertions.withToken(stub, token);
        }
        StreamObserver<ImportSpecsRequest> upload = stub.importSpecs(new StreamObserver<>() {
            @Override
            public void onNext(ImportSpecsResponse value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(null);
            }
        });
        upload.onNext(ImportSpecsRequest.newBuilder().setHeader(header).build());
        files.forEach((path, content) -> upload.onNext(ImportSpecsRequest.newBuilder().setFile(ImportFile.newBuilder()
                .setPath(path).setContent(ByteString.copyFromUtf8(content))).build()));
        upload.onCompleted();
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> export(String project) {
        Map<String, String> files = new LinkedHashMap<>();
        Iterator<ExportSpecsResponse> stream = specs.exportSpecs(ExportSpecsRequest.newBuilder().setProject(project).build());
        stream.forEachRemaining(f -> files.put(f.getPath(), f.getContent().toStringUtf8()));
        return files;
    }

    /**
     * pending and blocked are one stored state: export writes blocked when the spec waits for
     * something now, whatever the imported file said.
     */
    private static chant.spec.content.SpecContent underivedStatus(chant.spec.content.SpecContent content) {
        return content.status() == chant.spec.content.SpecStatus.BLOCKED
                ? content.toBuilder().status(chant.spec.content.SpecStatus.PENDING).build()
                : content;
    }

    private static ImportedFile file(ImportSpecsResponse report, String path) {
        return report.getFilesList().stream().filter(f -> f.getPath().equals(path)).findFirst().orElseThrow();
    }

    private static Map<String, String> readFolder(Path root) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).sorted().forEach(p -> {
                try {
                    files.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
