package chant.spec.api;

import chant.v1.GetSpecRequest;
import chant.v1.Spec;
import chant.v1.SpecServiceGrpc;
import chant.v1.StringList;
import chant.v1.UpdateSpecRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client doing what a careless user of any store does: read a spec, add a label, write it
 * back with the version read; on ABORTED read again and retry. Used by the concurrency tests in
 * this JVM and, through {@link RemoteWriter}, in a second one.
 */
final class LabelWriter {

    private static final int MAX_ATTEMPTS = 500;

    private LabelWriter() {
    }

    /** Runs {@code writers} writers on threads, each adding {@code writes} labels; returns the accepted labels. */
    static List<String> runAll(SpecServiceGrpc.SpecServiceBlockingStub stub, String project, String specId,
            int writers, int writes, String prefix) throws Exception {
        return Parallel.run(writers, writes, i -> {
            String label = prefix + (i / writes) + "-" + (i % writes);
            return addLabel(stub, project, specId, label) ? label : null;
        });
    }

    /** True when the label was written; false when every attempt lost the race. */
    static boolean addLabel(SpecServiceGrpc.SpecServiceBlockingStub stub, String project, String specId, String label) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Spec current = stub.getSpec(GetSpecRequest.newBuilder().setProject(project).setId(specId).build()).getSpec();
            List<String> labels = new ArrayList<>(current.getLabelsList());
            labels.add(label);
            try {
                stub.updateSpec(UpdateSpecRequest.newBuilder().setProject(project).setId(specId)
                        .setExpectedVersion(current.getVersion())
                        .setLabels(StringList.newBuilder().addAllValues(labels)).build());
                return true;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ABORTED) {
                    throw e;
                }
            }
        }
        return false;
    }
}
