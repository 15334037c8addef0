package chant.agent.run;

import chant.agent.provider.ProviderNames;
import chant.support.failure.InvalidRequestException;
import chant.support.text.Shown;
import java.util.regex.Pattern;

/** The rules of the text fields of a run request. */
public final class RunFields {

    static final int MAX_NAME = 200;
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private RunFields() {
    }

    /** A required one-line name (project, spec ID, runner ID). */
    public static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException(field + " is required");
        }
        return optional(field, value);
    }

    /** An optional one-line name; "" when absent. */
    public static String optional(String field, String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_NAME) {
            throw new InvalidRequestException(field + " " + Shown.prefix(value) + " is " + value.length()
                    + " characters long: use at most " + MAX_NAME);
        }
        if (value.chars().anyMatch(Character::isISOControl) || !value.strip().equals(value)) {
            throw new InvalidRequestException(field + " " + Shown.prefix(value)
                    + " has control characters or surrounding blanks: send it without them");
        }
        return value;
    }

    /** A provider's name as given, one of {@link ProviderNames#ALL}; the default for none is {@link DefaultProvider}'s. */
    static String provider(String value) {
        if (!PROVIDER.matcher(value).matches()) {
            throw new InvalidRequestException("provider " + Shown.prefix(value)
                    + " is not a provider name: use lower-case letters, digits and '-', for example \"claude\"");
        }
        if (!ProviderNames.ALL.contains(value)) {
            throw new InvalidRequestException("provider " + value + " does not exist: use " + ProviderNames.listed());
        }
        return value;
    }
}
