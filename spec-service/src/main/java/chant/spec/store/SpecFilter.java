package chant.spec.store;

import chant.spec.content.SpecStatus;
import chant.spec.content.SpecType;
import java.util.List;

/**
 * The filters of a spec list; empty lists and null text match everything. {@code withinDriver}, a
 * full ID, keeps only the members of that driver at any depth ({@code <driver>.N}, {@code <driver>.N.M}).
 */
public record SpecFilter(
        List<SpecStatus> statuses,
        List<SpecType> types,
        List<String> anyLabels,
        String text,
        Archived archived,
        String withinDriver) {

    /** Which specs a list includes by archive state. */
    public enum Archived { ACTIVE, ARCHIVED, ALL }

    public SpecFilter {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        types = types == null ? List.of() : List.copyOf(types);
        anyLabels = anyLabels == null ? List.of() : List.copyOf(anyLabels);
        archived = archived == null ? Archived.ACTIVE : archived;
        withinDriver = withinDriver == null || withinDriver.isBlank() ? null : withinDriver.strip();
    }

    public SpecFilter(List<SpecStatus> statuses, List<SpecType> types, List<String> anyLabels, String text,
            Archived archived) {
        this(statuses, types, anyLabels, text, archived, null);
    }
}
