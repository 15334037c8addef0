package chant.cli.testing;

import chant.v1.Spec;
import chant.v1.SpecStatus;
import chant.v1.SpecType;

/** Spec messages for canned replies. */
public final class Specs {

    private Specs() {
    }

    public static Spec.Builder spec(String id, String title, long version) {
        return Spec.newBuilder().setId(id).setProject(InProcessCliTest.PROJECT).setTitle(title)
                .setType(SpecType.SPEC_TYPE_CODE).setStatus(SpecStatus.SPEC_STATUS_PENDING).setVersion(version);
    }
}
