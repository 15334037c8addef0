package chant.support.sandbox;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-only part of this machine an agent sees: {@code /usr}, the top-level directories that
 * merged-/usr systems keep as symlinks into it ({@code /bin}, {@code /lib}, ...), and the few files
 * of {@code /etc} that programs need to reach a server (TLS certificates, {@code hosts},
 * {@code resolv.conf}). Nothing else: no home directories, no {@code /root}, no {@code /etc/shadow}.
 */
public record SystemLayout(List<Entry> entries) {

    /** The top-level system directories besides /usr, bound or linked as the host has them. */
    static final List<String> TOP_LEVEL = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /**
     * What programs read from /etc; bound only when present. Of /etc/ssl only the certificates:
     * /etc/ssl/private holds keys that an agent mapped to the service's user (root) could read.
     */
    static final List<String> ETC = List.of("/etc/ssl/certs", "/etc/hosts", "/etc/resolv.conf");

    public SystemLayout {
        entries = List.copyOf(entries);
    }

    /** One piece of the system: a read-only bind (skipped when missing if {@code optional}) or a symlink. */
    public record Entry(Kind kind, String source, String target) {
        public enum Kind { RO_BIND, RO_BIND_TRY, SYMLINK }

        static Entry bind(String path) {
            return new Entry(Kind.RO_BIND, path, path);
        }

        static Entry bindIfPresent(String path) {
            return new Entry(Kind.RO_BIND_TRY, path, path);
        }

        static Entry symlink(String linkTarget, String path) {
            return new Entry(Kind.SYMLINK, linkTarget, path);
        }
    }

    /** This machine's layout. */
    public static SystemLayout detect() {
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.bind("/usr"));
        for (String dir : TOP_LEVEL) {
            Path path = Path.of(dir);
            if (Files.isSymbolicLink(path)) {
                try {
                    entries.add(Entry.symlink(Files.readSymbolicLink(path).toString(), dir));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot read the symlink " + dir, e);
                }
            } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                entries.add(Entry.bind(dir));
            }
        }
        ETC.forEach(file -> entries.add(Entry.bindIfPresent(file)));
        return new SystemLayout(entries);
    }

    /** The layout of a merged-/usr Debian or Ubuntu machine, independent of the host (for tests). */
    public static SystemLayout mergedUsr() {
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.bind("/usr"));
        entries.add(Entry.symlink("usr/bin", "/bin"));
        entries.add(Entry.symlink("usr/sbin", "/sbin"));
        entries.add(Entry.symlink("usr/lib", "/lib"));
        entries.add(Entry.symlink("usr/lib64", "/lib64"));
        ETC.forEach(file -> entries.add(Entry.bindIfPresent(file)));
        return new SystemLayout(entries);
    }
}
