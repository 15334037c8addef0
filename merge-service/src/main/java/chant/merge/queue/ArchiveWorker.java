package chant.merge.queue;

import chant.merge.git.MergeRepository;
import chant.merge.remote.SpecFile;
import chant.merge.remote.SpecInfo;
import chant.merge.remote.SpecServiceClient;
import chant.merge.request.ArchiveCheck;
import chant.merge.request.MergeItem;
import chant.merge.request.MergeRequest;
import chant.merge.request.MergeSignal;
import chant.merge.request.Outcome;
import chant.merge.request.SpecCheck;
import chant.support.remote.RemoteException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Works an archive request in its queue: ONE commit on the target that adds
 * {@code .chant/archive/<YYYY-MM-DD>/<id>.md} for each of its specs, then the specs archived in
 * spec-service. The steps are a merge's: settle an intent left by a process that died (the remote
 * target at or past the intended commit means the push got there); check the specs again; fetch;
 * leave out the specs whose file is in an archive folder of the target already (a repeated request
 * makes no second commit); render the others' markdown (spec-service's RenderSpecFiles) and build
 * the commit with bare-repository plumbing; record the intent (fenced); push by compare-and-swap (a
 * lost race is worked out again on the new target); record ARCHIVED (fenced); then ArchiveSpecs for
 * each spec in order, retried while spec-service is away like a merge's RecordMerge.
 */
@ApplicationScoped
public class ArchiveWorker {

    private static final Logger LOG = Logger.getLogger(ArchiveWorker.class);

    /** Where archived specs live in the repository (chant's layout). */
    static final String ARCHIVE_ROOT = ".chant/archive";

    /** A spec ID as it may be a file name: no separators, no leading dot or dash. */
    private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    @Inject
    MergeQueues queues;

    @Inject
    SpecServiceClient specService;

    @Inject
    MergeSignal signal;

    @Inject
    Checkpoints checkpoints;

    @ConfigProperty(name = "chant.merge.push-attempts", defaultValue = "5")
    int pushAttempts;

    /** Works the request's pending specs, then has spec-service archive those with a file on the target. */
    void work(Lease lease, MergeRequest request, List<MergeItem> items, MergeRepository repository) {
        List<PendingRecord> toArchive = new ArrayList<>();
        commit(lease, request, items, repository, toArchive);
        toArchive.sort(java.util.Comparator.comparingInt(PendingRecord::position));
        for (PendingRecord record : toArchive) {
            if (!RecordDelivery.deliver(queues, specService, record)) {
                return;
            }
        }
    }

    /** The commit's part: every pending spec decided; those whose file is on the target added to {@code toArchive}. */
    private void commit(Lease lease, MergeRequest request, List<MergeItem> items, MergeRepository repository,
            List<PendingRecord> toArchive) {
        List<MergeItem> pending = items.stream().filter(i -> i.outcome == Outcome.PENDING).toList();
        if (pending.isEmpty()) {
            return;
        }
        String target = request.targetBranch;
        Optional<MergeItem> withIntent = pending.stream().filter(i -> i.intent != null).findFirst();
        if (withIntent.isPresent()) {
            MergeItem first = withIntent.get();
            repository.fetch();
            Optional<String> head = repository.remoteHead(target);
            List<MergeItem> inCommit = pending.stream().filter(i -> first.intent.equals(i.intent)).toList();
            if (head.isPresent() && repository.hasCommit(first.intent) && repository.isAncestor(first.intent, head.get())) {
                LOG.infof("archive request %d: its commit reached %s before the process that made it stopped: recorded"
                        + " as archived", request.id, target);
                archived(lease, request, inCommit, first.intentBefore, first.intent, request.archiveFolder, toArchive);
                return;
            }
            for (MergeItem item : pending) {
                if (item.intent != null) {
                    queues.dropIntent(lease, request.id, item.position);
                }
            }
        }
        List<MergeItem> accepted = checkAgain(lease, request, pending);
        for (int attempt = 1; attempt <= pushAttempts && !accepted.isEmpty(); attempt++) {
            if (!queues.renew(lease)) {
                throw new LeaseLostException(lease);
            }
            repository.fetch();
            Optional<String> head = repository.remoteHead(target);
            if (head.isEmpty()) {
                for (MergeItem item : accepted) {
                    decide(lease, request, item, Decision.of(Outcome.REFUSED, "the target branch " + target
                            + " does not exist on the remote"), "");
                }
                return;
            }
            accepted = leaveOutThoseInTheRepository(lease, request, accepted, repository, head.get(), toArchive);
            if (accepted.isEmpty()) {
                return;
            }
            String folder = queues.today().toString();
            Map<String, String> files;
            try {
                files = files(request, accepted, folder);
            } catch (RemoteException e) {
                if (e.retryable()) {
                    throw e;
                }
                // spec-service refuses to render them (a spec deleted meanwhile, say): asking again cannot help.
                for (MergeItem item : accepted) {
                    decide(lease, request, item, Decision.of(Outcome.REFUSED, "spec-service could not render the"
                            + " specs' markdown: " + e.getMessage() + "; nothing was committed"), "");
                }
                return;
            }
            List<String> ids = accepted.stream().map(i -> i.specId).toList();
            String commit = repository.commitFiles(head.get(), files, message(folder, ids));
            queues.archiveIntent(lease, request.id, accepted.stream().map(i -> i.position).toList(), head.get(), commit,
                    folder);
            request.archiveFolder = folder;
            checkpoints.intentRecorded(request.id, ids.get(0));
            if (!repository.pushIfUnchanged(target, head.get(), commit)) {
                LOG.infof("archive request %d: %s moved on the remote while the archive commit was made (attempt %d):"
                        + " made again", request.id, target, attempt);
                continue;
            }
            checkpoints.pushed(request.id, ids.get(0));
            archived(lease, request, accepted, head.get(), commit, folder, toArchive);
            return;
        }
        if (!accepted.isEmpty()) {
            throw new IllegalStateException(target + " moved on the remote " + pushAttempts + " times while the archive"
                    + " commit of request " + request.id + " was made");
        }
    }

    /** The specs may have changed while the request waited: each is checked again as at submission. */
    private List<MergeItem> checkAgain(Lease lease, MergeRequest request, List<MergeItem> pending) {
        List<MergeItem> accepted = new ArrayList<>();
        Set<String> passed = new HashSet<>();
        for (MergeItem item : pending) {
            SpecInfo spec;
            List<String> members;
            try {
                spec = specService.spec(request.project, item.specId, request.requestedBy);
                members = spec.archived() ? List.of()
                        : specService.openMembers(request.project, spec.id(), request.requestedBy);
            } catch (RemoteException e) {
                if (e.retryable()) {
                    throw e;
                }
                decide(lease, request, item, Decision.of(Outcome.REFUSED, "spec-service: " + e.getMessage()), "");
                continue;
            }
            Optional<SpecCheck.Verdict> verdict = ArchiveCheck.of(spec, request.force, members, passed);
            if (verdict.isPresent()) {
                decide(lease, request, item, Decision.of(verdict.get().outcome(), verdict.get().reason()), "");
            } else if (!FILE_ID.matcher(spec.id()).matches()) {
                decide(lease, request, item, Decision.of(Outcome.REFUSED, "spec ID '" + spec.id() + "' cannot name a"
                        + " file under " + ARCHIVE_ROOT), "");
            } else {
                passed.add(spec.id());
                accepted.add(item);
            }
        }
        return accepted;
    }

    /**
     * A spec whose file is in an archive folder of the target already (an earlier request committed
     * it, and spec-service may not have archived it yet) is not committed again: ALREADY_ARCHIVED,
     * and archived in spec-service into the folder it is in.
     */
    private List<MergeItem> leaveOutThoseInTheRepository(Lease lease, MergeRequest request, List<MergeItem> accepted,
            MergeRepository repository, String head, List<PendingRecord> toArchive) {
        Map<String, String> folderOf = new HashMap<>();
        for (String path : repository.filesUnder(head, ARCHIVE_ROOT)) {
            String rest = path.substring(ARCHIVE_ROOT.length() + 1);
            int slash = rest.lastIndexOf('/');
            String name = rest.substring(slash + 1);
            if (name.endsWith(".md")) {
                folderOf.putIfAbsent(name.substring(0, name.length() - 3), slash < 0 ? "" : rest.substring(0, slash));
            }
        }
        List<MergeItem> left = new ArrayList<>();
        for (MergeItem item : accepted) {
            String folder = folderOf.get(item.specId);
            if (folder == null) {
                left.add(item);
            } else {
                String where = ARCHIVE_ROOT + "/" + (folder.isEmpty() ? "" : folder + "/") + item.specId + ".md";
                queues.decideArchive(lease, request.id, item.position, Decision.of(Outcome.ALREADY_ARCHIVED, where
                        + " is on " + request.targetBranch + " already: not committed again"), folder, true);
                signal.changed();
                toArchive.add(record(request, item, "", folder));
            }
        }
        return left;
    }

    /** The files of the commit: each spec's markdown at {@code .chant/archive/<folder>/<id>.md}. */
    private Map<String, String> files(MergeRequest request, List<MergeItem> accepted, String folder) {
        List<String> ids = accepted.stream().map(i -> i.specId).toList();
        Map<String, String> files = new LinkedHashMap<>();
        for (SpecFile file : specService.render(request.project, ids, folder, request.requestedBy)) {
            String expected = "archive/" + folder + "/" + file.specId() + ".md";
            if (!ids.contains(file.specId()) || !file.path().equals(expected)) {
                throw new IllegalStateException("spec-service rendered " + file.specId() + " at " + file.path()
                        + ", not at " + expected);
            }
            files.put(".chant/" + expected, file.content());
        }
        if (files.size() != ids.size()) {
            throw new IllegalStateException("spec-service rendered " + files.size() + " of the " + ids.size()
                    + " specs asked for");
        }
        return files;
    }

    static String message(String folder, List<String> ids) {
        StringBuilder m = new StringBuilder("chant: archive " + ids.size() + (ids.size() == 1 ? " spec" : " specs")
                + " (" + folder + ")\n\n");
        ids.forEach(id -> m.append("- ").append(id).append('\n'));
        return m.toString();
    }

    /** Records ARCHIVED for the specs in the commit, then has spec-service archive each, in order. */
    private void archived(Lease lease, MergeRequest request, List<MergeItem> inCommit, String before, String commit,
            String folder, List<PendingRecord> toArchive) {
        for (MergeItem item : inCommit) {
            queues.decideArchive(lease, request.id, item.position, new Decision(Outcome.ARCHIVED, "committed to "
                    + ARCHIVE_ROOT + "/" + folder + "/" + item.specId + ".md on " + request.targetBranch, List.of(),
                    commit, before, commit), folder, true);
            toArchive.add(record(request, item, commit, folder));
        }
        signal.changed();
    }

    private static PendingRecord record(MergeRequest request, MergeItem item, String commit, String folder) {
        return new PendingRecord(request.id, item.position, request.project, item.specId, commit,
                request.targetBranch, request.requestedBy, true, request.force, folder);
    }

    /** A spec that is not archived: nothing is on the target for it, nothing for spec-service to do. */
    private void decide(Lease lease, MergeRequest request, MergeItem item, Decision decision, String folder) {
        queues.decideArchive(lease, request.id, item.position, decision, folder, false);
        signal.changed();
    }
}
