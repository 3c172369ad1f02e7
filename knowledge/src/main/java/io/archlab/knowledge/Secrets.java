package io.archlab.knowledge;

import java.util.regex.Pattern;

/** Removes what looks like a credential from text bound for the knowledge base. */
public final class Secrets {
    /** OpenAI-style keys, bearer tokens, and "api_key: ..." / "password=..." assignments. */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)(sk-[A-Za-z0-9_\\-]{16,})"
            + "|(bearer\\s+[A-Za-z0-9._~+/\\-]{16,}=*)"
            + "|((?:api[_-]?key|authorization|password|secret|token)\\s*[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}]{8,}");

    private Secrets() {
    }

    /** {@code text} with every credential-like span replaced by {@code [redacted]}; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        return CREDENTIAL.matcher(text).replaceAll(m -> m.group(3) != null
                ? java.util.regex.Matcher.quoteReplacement(m.group(3)) + "[redacted]" : "[redacted]");
    }
}
