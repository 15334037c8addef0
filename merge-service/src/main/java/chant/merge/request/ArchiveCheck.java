package chant.merge.request;

import chant.merge.remote.SpecInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a spec may be archived, judged as spec-service's ArchiveSpecs judges it, but for each
 * spec on its own (an archive request commits the specs that pass and names the others): at
 * submission, and again when the queue reaches the request.
 */
public final class ArchiveCheck {

    private ArchiveCheck() {
    }

    /**
     * ALREADY_ARCHIVED or REFUSED with the reason; empty when the spec may be archived.
     *
     * @param openMembers   the driver's members that are not archived (empty for a spec that is no driver)
     * @param archivingWith the specs of the same request that passed before this one (members come first)
     */
    public static Optional<SpecCheck.Verdict> of(SpecInfo spec, boolean force, List<String> openMembers,
            Set<String> archivingWith) {
        if (spec.archived()) {
            return Optional.of(new SpecCheck.Verdict(Outcome.ALREADY_ARCHIVED, "spec " + spec.id()
                    + " is archived already" + (spec.archiveFolder().isEmpty() ? "" : " (" + spec.archiveFolder() + ")")
                    + ": nothing to commit"));
        }
        if (spec.status().equals("cancelled") && !force) {
            return refused("spec " + spec.id() + " is cancelled: archive cancelled specs with force (--force)");
        }
        if (!spec.completed() && !spec.status().equals("cancelled")) {
            return refused("spec " + spec.id() + " is " + spec.status() + ", not completed: only completed specs (and"
                    + " cancelled ones with --force) are archived");
        }
        if (spec.completed() && !spec.branch().isEmpty() && !spec.merged()) {
            return refused("spec " + spec.id() + "'s branch " + spec.branch() + " is not merged: merge it first (chant"
                    + " merge " + spec.id() + ")");
        }
        List<String> open = openMembers.stream().filter(m -> !archivingWith.contains(m)).toList();
        if (!open.isEmpty()) {
            return refused("spec " + spec.id() + " is a driver whose members " + String.join(", ", open)
                    + " are not archived: archive them with it");
        }
        return Optional.empty();
    }

    private static Optional<SpecCheck.Verdict> refused(String reason) {
        return Optional.of(new SpecCheck.Verdict(Outcome.REFUSED, reason));
    }
}
