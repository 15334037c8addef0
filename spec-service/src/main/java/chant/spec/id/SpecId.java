package chant.spec.id;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec ID: a base ({@code 2026-01-22-001-x7m}, or any stem for imported specs) followed by
 * member numbers ({@code .2}, {@code .2.1}). Generated bases have the form
 * {@code YYYY-MM-DD-SSS-XXX}: date, base36 sequence within the day, random base36 suffix.
 */
public final class SpecId {

    /** No spec ID is longer (the file name of an imported spec is its ID). */
    public static final int MAX_LENGTH = 100;


    private static final Pattern GENERATED = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})-([0-9a-z]{3})-([0-9a-z]{3})");
    private static final Pattern MEMBER_TAIL = Pattern.compile("((?:\\.\\d{1,6})+)$");

    private final String value;
    private final String base;
    private final List<Integer> memberPath;

    private SpecId(String value, String base, List<Integer> memberPath) {
        this.value = value;
        this.base = base;
        this.memberPath = memberPath;
    }

    public static SpecId of(String value) {
        Matcher tail = MEMBER_TAIL.matcher(value);
        if (tail.find() && tail.start() > 0) {
            List<Integer> path = new ArrayList<>();
            for (String n : tail.group(1).substring(1).split("\\.")) {
                path.add(Integer.parseInt(n));
            }
            return new SpecId(value, value.substring(0, tail.start()), List.copyOf(path));
        }
        return new SpecId(value, value, List.of());
    }

    public static SpecId generated(String date, int sequence, String randomSuffix) {
        return of(date + "-" + Base36.pad3(sequence) + "-" + randomSuffix);
    }

    public String value() {
        return value;
    }

    public boolean isMember() {
        return !memberPath.isEmpty();
    }

    /** The driver of a member: the ID without its last member number. */
    public Optional<SpecId> driver() {
        if (!isMember()) {
            return Optional.empty();
        }
        return Optional.of(of(value.substring(0, value.lastIndexOf('.'))));
    }

    /** The driver, its driver and so on up to the base ID; empty for an ID that is no member. */
    public List<SpecId> ancestors() {
        List<SpecId> ancestors = new ArrayList<>();
        for (Optional<SpecId> at = driver(); at.isPresent(); at = at.get().driver()) {
            ancestors.add(at.get());
        }
        return List.copyOf(ancestors);
    }

    /** The ID of this spec's member number {@code n}. */
    public SpecId member(int n) {
        return of(value + "." + n);
    }

    /** The random suffix of a generated ID ({@code x7m}), if the base has the generated form. */
    public Optional<String> randomSuffix() {
        Matcher m = GENERATED.matcher(base);
        return m.matches() ? Optional.of(m.group(3)) : Optional.empty();
    }

    /**
     * A key that sorts IDs as people expect: lexicographically by base, then members
     * numerically ({@code .10} after {@code .2}), a driver before its members.
     */
    public String sortKey() {
        StringBuilder sb = new StringBuilder(base);
        for (int n : memberPath) {
            sb.append('.').append(String.format("%06d", n));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
