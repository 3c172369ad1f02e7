package io.archlab.prompts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt templates: plain text files {@code io/archlab/prompts/NAME.txt} on the classpath, with
 * {@code {{placeholder}}} slots. All templates a component needs are loaded when it is built, so a
 * missing one fails at start-up, never in the middle of a run; rendering fails on a slot left
 * unfilled.
 */
public final class PromptLibrary {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z0-9_]+)}}");
    private final Map<String, String> templates = new LinkedHashMap<>();

    /** Loads the named templates; throws {@link IllegalStateException} naming any that is missing. */
    public PromptLibrary(Collection<String> names) {
        for (String name : names) {
            String path = name + ".txt";
            try (InputStream in = PromptLibrary.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("prompt template io/archlab/prompts/" + path + " is missing");
                }
                templates.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The template {@code name} with every slot filled from {@code values}. */
    public String render(String name, Map<String, String> values) {
        String t = templates.get(name);
        if (t == null) {
            throw new IllegalArgumentException("prompt template " + name + " was not loaded");
        }
        Matcher m = SLOT.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("prompt " + name + ": no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
