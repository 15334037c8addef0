package chant.agent.prompt;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{variable}}} substitution, and nothing more: no conditions, loops or partials. Spaces inside
 * the braces are allowed ({@code {{ spec.id }}}). Values are inserted as they are and never read again,
 * so a spec body that holds {@code {{...}}} stays as written. A variable the map does not have, or a
 * {@code {{} that is never closed, is an error naming it, the template and the line.
 */
final class TemplateText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

    private TemplateText() {
    }

    static String substitute(PromptTemplates.Template template, Map<String, String> variables) {
        String text = template.text();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() * 2);
        int last = 0;
        while (placeholder.find()) {
            String name = placeholder.group(1).strip();
            String value = variables.get(name);
            if (value == null) {
                throw new PromptException("the template " + describe(template) + " uses `" + placeholder.group()
                        + "` at line " + line(text, placeholder.start()) + ", and there is no such variable: the variables are "
                        + String.join(", ", new java.util.TreeSet<>(variables.keySet())));
            }
            out.append(text, last, placeholder.start()).append(value);
            last = placeholder.end();
        }
        String rest = text.substring(last);
        int unclosed = rest.indexOf("{{");
        if (unclosed >= 0) {
            throw new PromptException("the template " + describe(template) + " has a `{{` that is never closed at line "
                    + line(text, last + unclosed));
        }
        return out.append(rest).toString();
    }

    private static String describe(PromptTemplates.Template template) {
        return "`" + template.name() + "` (" + template.origin() + ")";
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
