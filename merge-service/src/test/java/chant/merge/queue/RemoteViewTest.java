package chant.merge.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chant.merge.git.MergeRepository;
import chant.merge.testing.Remote;
import chant.support.git.Git;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request's view of the remote: one fetch, then the worker's own pushes; unknown refs are fetched per spec. */
class RemoteViewTest {

    @TempDir
    Path root;

    @Test
    void oneFetchKnowsTheTargetAndTheBranchesAndFollowsTheWorkersPushes() {
        Remote remote = new Remote(root);
        String head = remote.on("chant/a", "main").commit("a.txt", "a\n", "a").push().head();
        String main = remote.branch("main");
        MergeRepository repository = MergeRepository.open(Git.onPath(), root.resolve("merge/kv"), remote.url());

        RemoteView view = RemoteView.fetch(repository, "main", List.of("chant/a", "chant/missing"));

        assertEquals(Map.of("main", main, "chant/a", head), view.heads("main", "chant/a"));
        assertTrue(view.heads("main", "chant/missing").isEmpty(), "a branch the remote lacks is fetched for itself");
        view.pushed("main", head);
        assertEquals(head, view.heads("main", "chant/a").get("main"));
        view.saw("main", "chant/a", Map.of("main", main));
        assertTrue(view.heads("main", "chant/a").isEmpty(), "a branch a later fetch did not find is forgotten");
    }
}
