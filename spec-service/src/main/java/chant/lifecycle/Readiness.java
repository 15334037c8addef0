package chant.lifecycle;

import chant.id.SpecId;
import chant.lifecycle.Blocker.Kind;
import chant.spec.Approval;
import chant.spec.ApprovalStatus;
import chant.spec.SpecStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one readiness rule. The database computes the same rule for spec lists; keep both in step
 * with this statement:
 *
 * <ol>
 *   <li>A dependency is met when it is {@code completed} or {@code cancelled}; an unknown ID is
 *       never met.</li>
 *   <li>Every entry of the spec's own {@code depends_on} must be met, except an entry naming the
 *       spec's own driver or any further ancestor, which is ignored (it would deadlock).</li>
 *   <li>A member inherits its driver's {@code depends_on} entries, except those naming members of
 *       that driver (its siblings or itself) or its ancestors.</li>
 *   <li>A member whose own {@code depends_on} is empty after rule 2 waits for each earlier sibling
 *       (same driver, smaller member number) to be met.</li>
 *   <li>When approval is required, its status must be {@code approved}.</li>
 *   <li>A spec is ready when its stored status is {@code pending}, {@code failed} (a retry) or
 *       {@code blocked}, and nothing blocks it.</li>
 * </ol>
 */
public final class Readiness {

    private Readiness() {
    }

    /** Whether a dependency in this status is met: completed or cancelled. */
    public static boolean isDone(SpecStatus status) {
        return status == SpecStatus.COMPLETED || status == SpecStatus.CANCELLED;
    }

    /**
     * Everything that keeps {@code spec} from starting, in rule order.
     *
     * @param lookup finds a spec by ID (dependencies and the driver)
     * @param siblings the other members of the same driver; empty for a spec that is no member
     */
    public static List<Blocker> blockers(SpecView spec, Function<String, Optional<SpecView>> lookup,
            List<SpecView> siblings) {
        SpecId id = SpecId.of(spec.id());
        Set<String> ancestors = ancestors(id);
        List<String> own = spec.dependsOn().stream().filter(d -> !ancestors.contains(d)).distinct().toList();
        List<Blocker> blockers = new ArrayList<>();
        own.forEach(d -> unmet(Kind.DEPENDENCY, "", d, lookup).ifPresent(blockers::add));
        id.driver().flatMap(driver -> lookup.apply(driver.value())).ifPresent(driver -> driver.dependsOn().stream()
                .distinct()
                .filter(d -> !own.contains(d) && !ancestors.contains(d) && !isMemberOf(d, driver.id()))
                .forEach(d -> unmet(Kind.DRIVER_DEPENDENCY, "driver " + driver.id() + " ", d, lookup)
                        .ifPresent(blockers::add)));
        if (own.isEmpty()) {
            earlierSiblings(id, siblings).forEach(blockers::add);
        }
        approvalBlocker(spec.approval()).ifPresent(blockers::add);
        return List.copyOf(blockers);
    }

    /** Whether the spec can start: stored pending, failed or blocked, and nothing blocks it. */
    public static boolean isReady(SpecView spec, List<Blocker> blockers) {
        boolean startable = spec.status() == SpecStatus.PENDING || spec.status() == SpecStatus.FAILED
                || spec.status() == SpecStatus.BLOCKED;
        return startable && blockers.isEmpty();
    }

    /**
     * The status to show: {@code blocked} for a stored pending or blocked spec with blockers,
     * {@code pending} for a stored blocked spec without any, else the stored status.
     */
    public static SpecStatus effectiveStatus(SpecView spec, List<Blocker> blockers) {
        SpecStatus stored = spec.status();
        if (stored != SpecStatus.PENDING && stored != SpecStatus.BLOCKED) {
            return stored;
        }
        return blockers.isEmpty() ? SpecStatus.PENDING : SpecStatus.BLOCKED;
    }

    private static Optional<Blocker> unmet(Kind kind, String whose, String dependency,
            Function<String, Optional<SpecView>> lookup) {
        Optional<SpecView> found = lookup.apply(dependency);
        if (found.isEmpty()) {
            String subject = whose.isEmpty() ? "unknown spec " : whose + "depends on unknown spec ";
            return Optional.of(new Blocker(kind, dependency, null, subject + dependency));
        }
        SpecStatus status = found.get().status();
        if (isDone(status)) {
            return Optional.empty();
        }
        return Optional.of(new Blocker(kind, dependency, status,
                whose + "depends on " + dependency + ", which is " + status.yamlName()));
    }

    private static List<Blocker> earlierSiblings(SpecId id, List<SpecView> siblings) {
        Optional<SpecId> driver = id.driver();
        if (driver.isEmpty()) {
            return List.of();
        }
        String key = id.sortKey();
        return siblings.stream()
                .filter(s -> isMemberOf(s.id(), driver.get().value()) && SpecId.of(s.id()).sortKey().compareTo(key) < 0)
                .filter(s -> !isDone(s.status()))
                .sorted(Comparator.comparing((SpecView s) -> SpecId.of(s.id()).sortKey()))
                .map(s -> new Blocker(Kind.EARLIER_SIBLING, s.id(), s.status(),
                        "earlier member " + s.id() + " is " + s.status().yamlName()))
                .toList();
    }

    private static Optional<Blocker> approvalBlocker(Approval approval) {
        if (approval == null || !approval.required() || approval.status() == ApprovalStatus.APPROVED) {
            return Optional.empty();
        }
        String description = approval.status() == ApprovalStatus.REJECTED
                ? "approval rejected" + (approval.by() == null ? "" : " by " + approval.by())
                : "approval pending";
        return Optional.of(new Blocker(Kind.APPROVAL, null, null, description));
    }

    private static boolean isMemberOf(String id, String driver) {
        return SpecId.of(id).driver().map(d -> d.value().equals(driver)).orElse(false);
    }

    private static Set<String> ancestors(SpecId id) {
        return id.ancestors().stream().map(SpecId::value).collect(Collectors.toSet());
    }
}
