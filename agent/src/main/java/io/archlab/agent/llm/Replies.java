package io.archlab.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the models' answers. Models wrap, prefix and mangle their output; these parsers take what
 * is there and name what is missing, so the model can be told precisely what to fix.
 */
final class Replies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FENCE = Pattern.compile("```(?:java|Java)?[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("\\bclass\\s+([A-Za-z_][A-Za-z0-9_]*)");
    /** The longest source accepted from a model. */
    static final int MAX_SOURCE_CHARS = 40_000;

    private Replies() {
    }

    /** A reply that cannot be used, with what to tell the model. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** A researcher's proposal. */
    record Proposed(String name, String hypothesis, String motivation, String expectedEffect, String source) {
    }

    static Proposed proposal(String text) throws Malformed {
        if (text == null || text.isBlank()) {
            throw new Malformed("the answer was empty");
        }
        int open = text.indexOf('{');
        int fence = text.indexOf("```");
        int close = text.lastIndexOf('}', fence >= 0 ? fence : text.length());
        if (open < 0 || close < open) {
            throw new Malformed("no JSON object with name, hypothesis, motivation and expected_effect was found");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text.substring(open, close + 1));
        } catch (java.io.IOException e) {
            throw new Malformed("the JSON object could not be parsed: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) {
            throw new Malformed("the JSON part is not an object");
        }
        String source = n.hasNonNull("source") ? n.get("source").asText() : fenced(text.substring(close + 1));
        if (source == null) {
            source = fenced(text);
        }
        if (source == null || source.isBlank()) {
            throw new Malformed("no Java source: put the complete class in one ```java fenced block after the JSON");
        }
        String name = text(n, "name");
        String declared = className(source);
        if (name == null) {
            name = declared;
        }
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,59}")) {
            throw new Malformed("\"name\" must be a Java class name, got " + name);
        }
        if (declared == null) {
            throw new Malformed("the source declares no class");
        }
        if (!declared.equals(name)) {
            source = source.replaceFirst("\\bclass\\s+" + Pattern.quote(declared) + "\\b", "class " + name);
        }
        return new Proposed(name, require(n, "hypothesis"), text(n, "motivation"), text(n, "expected_effect"),
                bounded(source));
    }

    /** The Java source of an engineer's answer: the fenced block, else the whole text if it is a class. */
    static String source(String text) throws Malformed {
        if (text == null || text.isBlank()) {
            throw new Malformed("the answer was empty");
        }
        String s = fenced(text);
        if (s == null && className(text) != null) {
            s = text.strip();
        }
        if (s == null || className(s) == null) {
            throw new Malformed("no Java class found: answer with the complete class in one ```java fenced block");
        }
        return bounded(s);
    }

    static String className(String source) {
        Matcher m = CLASS_NAME.matcher(source);
        return m.find() ? m.group(1) : null;
    }

    private static String fenced(String text) {
        Matcher m = FENCE.matcher(text);
        return m.find() ? m.group(1).strip() + "\n" : null;
    }

    private static String bounded(String source) throws Malformed {
        if (source.length() > MAX_SOURCE_CHARS) {
            throw new Malformed("the source has " + source.length() + " characters; at most " + MAX_SOURCE_CHARS);
        }
        return source;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
    }

    private static String require(JsonNode n, String field) throws Malformed {
        String v = text(n, field);
        if (v == null) {
            throw new Malformed("\"" + field + "\" is missing or empty");
        }
        return v;
    }
}
