package chant.bench;

import chant.v1.CreateProjectRequest;
import chant.v1.CreateSpecRequest;
import chant.v1.GetSpecRequest;
import chant.v1.Project;
import chant.v1.Spec;
import chant.v1.SpecType;

/** Create and get through spec-service's gRPC API, as a client like the CLI does them. */
final class GrpcWorkload {

    private final GrpcClient client;
    private final String project;

    private GrpcWorkload(GrpcClient client, String project) {
        this.client = client;
        this.project = project;
    }

    /** Creates the run's project through ProjectService and returns a workload on it. */
    static GrpcWorkload withNewProject(GrpcClient client, String name) {
        client.projects().createProject(CreateProjectRequest.newBuilder()
                .setProject(Project.newBuilder().setName(name)).build());
        return new GrpcWorkload(client, name);
    }

    String project() {
        return project;
    }

    /** CreateSpec; returns the new spec's full ID. */
    String create(SpecSamples.NewSpec sample) {
        Spec spec = client.specs().createSpec(CreateSpecRequest.newBuilder()
                .setProject(project)
                .setTitle(sample.title())
                .setBody(sample.body())
                .setType(SpecType.SPEC_TYPE_CODE)
                .addAllLabels(sample.labels())
                .build()).getSpec();
        if (spec.getId().isEmpty()) {
            throw new IllegalStateException("CreateSpec returned a spec without an ID");
        }
        return spec.getId();
    }

    /** GetSpec by full ID. */
    void get(String id) {
        Spec spec = client.specs().getSpec(GetSpecRequest.newBuilder().setProject(project).setId(id).build()).getSpec();
        if (!spec.getId().equals(id)) {
            throw new IllegalStateException("GetSpec " + id + " returned " + spec.getId());
        }
    }
}
