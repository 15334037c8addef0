package chant.system;

import static org.awaitility.Awaitility.await;

import chant.support.testing.GrpcAssertions;
import chant.client.Channels;
import chant.client.ServiceAddress;
import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.GetMergeRequest;
import chant.v1.MergeRequest;
import chant.v1.MergeServiceGrpc;
import chant.v1.MergeStatus;
import chant.v1.Project;
import chant.v1.ProjectServiceGrpc;
import chant.v1.Spec;
import chant.v1.SpecLifecycleServiceGrpc;
import chant.v1.SpecServiceGrpc;
import chant.v1.SpecStatus;
import chant.v1.StringList;
import chant.v1.SubmitMergeRequest;
import chant.v1.TransitionSpecRequest;
import chant.v1.UpdateSpecRequest;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the merge system tests share: gRPC channels to spec-service and a merge-service, projects
 * whose remote is a new bare repository, completed specs whose work is pushed on their branch as a
 * run leaves it, and requests submitted and awaited.
 */
final class MergeWorld implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(90);

    /** A project whose remote is a new bare repository, and a clone to push branches from. */
    record Repo(String project, Path remote, Path work) {
    }

    private final Path root;
    private final String user;
    private final ManagedChannel specChannel;

    MergeWorld(Path root, String specAddress, String user) {
        this.root = root;
        this.user = user;
        this.specChannel = Channels.plaintext(ServiceAddress.parse(specAddress, 8181));
    }

    SpecServiceGrpc.SpecServiceBlockingStub specs() {
        return SpecServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs(user));
    }

    SpecLifecycleServiceGrpc.SpecLifecycleServiceBlockingStub lifecycle() {
        return SpecLifecycleServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs(user));
    }

    /** A merge-service client of the process at {@code address}; close the channel when done. */
    ManagedChannel channelTo(String address) {
        return Channels.plaintext(ServiceAddress.parse(address, 8183));
    }

    MergeServiceGrpc.MergeServiceBlockingStub merges(ManagedChannel channel) {
        return MergeServiceGrpc.newBlockingStub(channel).withInterceptors(GrpcAssertions.callingAs(user));
    }

    Repo project() throws Exception {
        String name = "merge-" + UUID.randomUUID().toString().substring(0, 8);
        Path remote = LocalGit.bareRemote(root, name);
        Path clone = root.resolve(name + "-work");
        LocalGit.run(root, "clone", "--quiet", remote.toString(), clone.toString());
        ProjectServiceGrpc.newBlockingStub(specChannel).withInterceptors(GrpcAssertions.callingAs(user))
                .createProject(CreateProjectRequest.newBuilder().setProject(Project.newBuilder().setName(name)
                        .setRepoUrl(remote.toString())).build());
        return new Repo(name, remote, clone);
    }

    /**
     * A completed spec whose work is one commit on its branch {@code chant/<id>} (from main), pushed
     * to the remote, as a run leaves it.
     */
    Spec completed(Repo repo, String title, String file, List<String> dependsOn) throws Exception {
        Spec spec = specs().createSpec(CreateSpecRequest.newBuilder().setProject(repo.project()).setTitle(title)
                .addAllDependsOn(dependsOn).build()).getSpec();
        String branch = "chant/" + spec.getId();
        LocalGit.run(repo.work(), "checkout", "--quiet", "-b", branch, "origin/main");
        Files.writeString(repo.work().resolve(file), title + "\n");
        LocalGit.run(repo.work(), "add", file);
        LocalGit.run(repo.work(), "commit", "--quiet", "-m", "chant(" + spec.getId() + "): " + title);
        LocalGit.run(repo.work(), "push", "--quiet", "origin", branch);
        String commit = LocalGit.run(repo.work(), "rev-parse", "--short", "HEAD").strip();
        specs().updateSpec(UpdateSpecRequest.newBuilder().setProject(repo.project()).setId(spec.getId())
                .setExpectedVersion(spec.getVersion()).setBranch(branch)
                .setCommits(StringList.newBuilder().addValues(commit)).build());
        for (SpecStatus to : List.of(SpecStatus.SPEC_STATUS_IN_PROGRESS, SpecStatus.SPEC_STATUS_COMPLETED)) {
            lifecycle().transitionSpec(TransitionSpecRequest.newBuilder().setProject(repo.project()).setId(spec.getId())
                    .setTo(to).build());
        }
        return spec;
    }

    MergeRequest submit(ManagedChannel merge, Repo repo, SubmitMergeRequest.Builder request) {
        return merges(merge).submitMerge(request.setProject(repo.project()).setRequestId(UUID.randomUUID().toString())
                .build()).getMerge();
    }

    MergeRequest awaitEnd(ManagedChannel merge, long id) {
        MergeRequest[] last = new MergeRequest[1];
        await().atMost(DEADLINE).until(() -> {
            last[0] = merges(merge).getMerge(GetMergeRequest.newBuilder().setMergeId(id).build()).getMerge();
            return last[0].getStatus() == MergeStatus.MERGE_STATUS_DONE
                    || last[0].getStatus() == MergeStatus.MERGE_STATUS_STOPPED;
        });
        return last[0];
    }

    @Override
    public void close() {
        specChannel.shutdownNow();
    }
}
