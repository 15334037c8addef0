package chant.spec.store;

import java.util.List;

/**
 * One page of a spec list (with effective statuses; the specs carry no body, as lists return none), the
 * token of the next page (empty on the last), and the total.
 */
public record SpecPage(List<SpecView> specs, String nextPageToken, long totalCount) {
}
