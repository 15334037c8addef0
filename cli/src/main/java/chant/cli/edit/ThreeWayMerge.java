package chant.cli.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * A line-based three-way merge (diff3): the changes from {@code base} to {@code yours} and from
 * {@code base} to {@code theirs} are combined when they touch different lines; where both changed
 * the same lines differently, that region is a conflict.
 */
public final class ThreeWayMerge {
    /** Larger inputs (lines of base times lines of an edit) are not merged: all one conflict. */
    static final long MAX_CELLS = 16_000_000L;

    /** A region both sides changed differently; each list holds whole lines with their line ends. */
    public record Conflict(List<String> base, List<String> yours, List<String> theirs) {
    }

    /** The merged text (with {@code yours} in conflicting regions) and the conflicts. */
    public record Result(String text, List<Conflict> conflicts) {
        public boolean clean() {
            return conflicts.isEmpty();
        }
    }

    private ThreeWayMerge() {
    }

    public static Result merge(String base, String yours, String theirs) {
        List<String> o = lines(base);
        List<String> a = lines(yours);
        List<String> b = lines(theirs);
        if ((long) o.size() * Math.max(a.size(), b.size()) > MAX_CELLS) {
            return yours.equals(theirs) ? new Result(yours, List.of())
                    : new Result(yours, List.of(new Conflict(o, a, b)));
        }
        int[] inA = matches(o, a);
        int[] inB = matches(o, b);
        StringBuilder out = new StringBuilder();
        List<Conflict> conflicts = new ArrayList<>();
        int i = 0;
        int ia = 0;
        int ib = 0;
        while (i < o.size() || ia < a.size() || ib < b.size()) {
            if (i < o.size() && inA[i] == ia && inB[i] == ib) {
                out.append(o.get(i));
                i++;
                ia++;
                ib++;
                continue;
            }
            // The next base line both sides kept ends this changed region.
            int j = i;
            while (j < o.size() && (inA[j] < 0 || inB[j] < 0)) {
                j++;
            }
            int endA = j < o.size() ? inA[j] : a.size();
            int endB = j < o.size() ? inB[j] : b.size();
            List<String> baseRegion = o.subList(i, j);
            List<String> regionA = a.subList(ia, endA);
            List<String> regionB = b.subList(ib, endB);
            if (regionA.equals(baseRegion)) {
                regionB.forEach(out::append);
            } else if (regionB.equals(baseRegion) || regionA.equals(regionB)) {
                regionA.forEach(out::append);
            } else {
                conflicts.add(new Conflict(List.copyOf(baseRegion), List.copyOf(regionA), List.copyOf(regionB)));
                regionA.forEach(out::append);
            }
            i = j;
            ia = endA;
            ib = endB;
        }
        return new Result(out.toString(), List.copyOf(conflicts));
    }

    /** The lines of a text, each with its line end (the last one may have none). */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                lines.add(text.substring(start, k + 1));
                start = k + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /**
     * For each line of {@code base}, the index of the line of {@code other} it is matched with in
     * a longest common subsequence, or -1. Matched indexes increase with the base index.
     */
    static int[] matches(List<String> base, List<String> other) {
        int n = base.size();
        int m = other.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int x = n - 1; x >= 0; x--) {
            for (int y = m - 1; y >= 0; y--) {
                lcs[x][y] = base.get(x).equals(other.get(y)) ? lcs[x + 1][y + 1] + 1
                        : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
            }
        }
        int[] match = new int[n];
        java.util.Arrays.fill(match, -1);
        int x = 0;
        int y = 0;
        while (x < n && y < m) {
            if (base.get(x).equals(other.get(y))) {
                match[x++] = y++;
            } else if (lcs[x + 1][y] >= lcs[x][y + 1]) {
                x++;
            } else {
                y++;
            }
        }
        return match;
    }
}
