package chant.merge.request;

import java.util.List;

/** One page of merge requests, newest first, and the token of the next ({@code ""} at the end). */
public record MergePage(List<MergeView> merges, String nextPageToken) {
}
