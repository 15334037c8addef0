package chant.spec.project;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps git credentials out of projects: a repository URL that carries them would be stored, shown
 * by GetProject, exported with the project's config and copied into logs. The services reach their
 * remotes with their own git configuration instead (a credential helper or an SSH key; docs/auth.md).
 *
 * <p>Refused: a password in any URL ({@code scheme://user:secret@host}), and any user part in an
 * HTTP(S) URL, where a user name alone can be a token ({@code https://ghp_...@github.com}). Allowed:
 * a user without a password for SSH ({@code ssh://git@host/repo}, {@code git@host:repo}), local paths.
 */
public final class RepositoryUrls {

    private static final Pattern WITH_SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$", Pattern.DOTALL);

    private RepositoryUrls() {
    }

    /** What is wrong with {@code url} as a project's repository, if anything; the message never repeats the credentials. */
    public static Optional<String> problem(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = WITH_SCHEME.matcher(url);
        if (!m.matches()) {
            return Optional.empty();
        }
        String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String user = authority.substring(0, at);
        boolean password = user.contains(":");
        boolean http = scheme.equals("http") || scheme.equals("https");
        if (!password && !http) {
            return Optional.empty();
        }
        String shown = m.group(1) + "://***@" + authority.substring(at + 1) + m.group(3);
        return Optional.of("carries credentials (" + shown + "): give the URL without them; the services"
                + " authenticate to the remote with their own git configuration (a credential helper or an SSH key,"
                + " docs/auth.md), so no secret is stored with the project");
    }
}
