package chant.agent.run;

import java.util.List;

/** One page of a run list; {@code nextPageToken} is empty on the last page. */
public record RunPage(List<Run> runs, String nextPageToken) {
}
