package chant.merge.request;

import java.util.List;

/** A merge request with its items in order, as read in one transaction. */
public record MergeView(MergeRequest request, List<MergeItem> items) {

    public MergeView {
        items = List.copyOf(items);
    }
}
