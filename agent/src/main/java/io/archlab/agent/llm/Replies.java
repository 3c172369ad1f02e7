package io.archlab.agent.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the models' answers. Models wrap, prefix and mangle their output: reasoning in
 * {@code <think>} tags, prose around the answer, the JSON in a fence of its own, trailing commas,
 * comments and raw newlines in the JSON, a draft class before the corrected one. These parsers take
 * what is there and name what is missing, so the model can be told precisely what to fix.
 */
final class Replies {
    /** JSON as models write it: trailing commas, // comments, raw newlines and tabs in strings, 'quotes'. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();
    private static final Pattern REASONING = Pattern.compile("<(think|thinking|reasoning)>.*?</\\1>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern REASONING_TAG = Pattern.compile("</?(?:think|thinking|reasoning)>",
            Pattern.CASE_INSENSITIVE);
    /** A closed fenced block (backticks or tildes): its tag (group 2) and its body (group 3). */
    private static final Pattern FENCE = Pattern.compile("(```|~~~)[ \\t]*([\\w+#.-]*)[ \\t]*\\n(.*?)\\1",
            Pattern.DOTALL);
    /** A line that opens a fenced block. */
    private static final Pattern OPENING = Pattern.compile("(?m)^[ \\t]*(?:```|~~~)[\\w+#.-]*[ \\t]*$");
    /** A class declaration, where a statement can start: not the word "class" in a comment or in prose. */
    private static final Pattern CLASS_NAME = Pattern.compile("(?m)(?:^|[;}]|\\*/)[ \\t]*"
            + "(?:(?:public|protected|private|final|abstract|static)\\s+)*class\\s+([A-Za-z_][A-Za-z0-9_]*)");
    /** A proposal's fields, keyed as {@link #key} spells them. */
    private static final Set<String> FIELDS = Set.of("name", "hypothesis", "motivation", "expectedeffect", "source");
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

    /** The JSON object of a researcher's answer and its class: in a "source" field, else the last fenced one. */
    static Proposed proposal(String text) throws Malformed {
        String answer = answer(text);
        // an object whose "source" holds the class is the whole answer, whatever fences its strings contain
        Map<String, String> whole = lastObject(answer);
        if (whole != null && whole.get("source") != null && className(unfenced(whole.get("source"))) != null) {
            return proposal(whole, unfenced(whole.get("source")));
        }
        List<MatchResult> classes = fencedClasses(answer);
        String fenced = last(classes);
        Map<String, String> json = lastObject(without(answer, classes));
        if (json == null) {
            throw new Malformed(fenced != null
                    ? "\"hypothesis\" is missing: no JSON object was found; put {\"name\", \"hypothesis\", "
                            + "\"motivation\", \"expected_effect\"} before the ```java block"
                    : "no JSON object {\"name\", \"hypothesis\", \"motivation\", \"expected_effect\"} and no ```java "
                            + "block were found: answer with the JSON object, then the complete class in one "
                            + "```java fenced block");
        }
        String source = json.get("source") != null ? unfenced(json.get("source")) : fenced;
        if (source == null) {
            throw new Malformed("no Java source: put the complete class in one ```java fenced block after the JSON");
        }
        return proposal(json, source);
    }

    /** The proposal of an answer's object and its class's source. */
    private static Proposed proposal(Map<String, String> json, String fencedOrField) throws Malformed {
        String source = fencedOrField;
        String declared = className(source);
        String name = json.get("name") != null ? json.get("name") : declared;
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,59}")) {
            throw new Malformed("\"name\" must be a Java class name, got " + name);
        }
        if (declared == null) {
            throw new Malformed("the source declares no class");
        }
        if (!declared.equals(name)) {
            source = source.replaceFirst("\\bclass\\s+" + Pattern.quote(declared) + "\\b", "class " + name);
        }
        if (json.get("hypothesis") == null) {
            throw new Malformed("\"hypothesis\" is missing or empty");
        }
        return new Proposed(name, json.get("hypothesis"), json.get("motivation"), json.get("expectedeffect"),
                bounded(source));
    }

    /** The Java source of an engineer's answer: the last fenced class, else the whole answer if it is a class. */
    static String source(String text) throws Malformed {
        String answer = answer(text);
        String s = last(fencedClasses(answer));
        if (s == null && className(answer) != null) {
            s = answer.strip() + "\n";
        }
        if (s == null) {
            throw new Malformed("no Java class found: answer with the complete class in one ```java fenced block");
        }
        return bounded(s);
    }

    /** The name of the first class the source declares, or null. */
    static String className(String source) {
        Matcher m = CLASS_NAME.matcher(source);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The answer without the model's reasoning. A reasoning block whose start the chat template wrote
     * ends before the answer; one that never ends is kept, and the last object and class are taken.
     */
    private static String answer(String text) throws Malformed {
        if (text == null || text.isBlank()) {
            throw new Malformed("the answer was empty");
        }
        String s = REASONING.matcher(text.replace("\r\n", "\n")).replaceAll("");
        Matcher tag = REASONING_TAG.matcher(s);
        int from = 0;
        while (tag.find()) {
            from = tag.group().startsWith("</") ? tag.end() : from;
        }
        s = REASONING_TAG.matcher(s.substring(from)).replaceAll("");
        if (s.isBlank()) {
            throw new Malformed("the answer held only reasoning (<think>...</think>) and nothing after it: give the "
                    + "answer after the reasoning");
        }
        return s;
    }

    /** The closed fences of Java (tagged so in any case, or untagged) that declare a class; an open one is refused. */
    private static List<MatchResult> fencedClasses(String answer) throws Malformed {
        if (OPENING.matcher(FENCE.matcher(answer).replaceAll("")).find()) {
            throw new Malformed("the answer was cut off inside the ```java block (no closing ```), probably at the "
                    + "output token limit: answer again with the complete class, shorter if need be");
        }
        return FENCE.matcher(answer).results().filter(f -> (f.group(2).isEmpty() || f.group(2).equalsIgnoreCase("java"))
                && className(f.group(3)) != null).toList();
    }

    /** The last class (several are usually a draft and its correction), or null. */
    private static String last(List<MatchResult> classes) {
        return classes.isEmpty() ? null : classes.get(classes.size() - 1).group(3).strip() + "\n";
    }

    /** The answer without its fenced classes, so that their braces are not taken for JSON. */
    private static String without(String answer, List<MatchResult> classes) {
        StringBuilder b = new StringBuilder();
        int at = 0;
        for (MatchResult f : classes) {
            b.append(answer, at, f.start()).append('\n');
            at = f.end();
        }
        return b.append(answer, at, answer.length()).toString();
    }

    /**
     * The JSON object with the most of a proposal's fields (of several as full, the last: a correction
     * follows its draft; a passing {"name": ...} in prose after the answer is not the answer), its
     * fields by {@link #key}; null if there is none.
     */
    private static Map<String, String> lastObject(String s) {
        Map<String, String> found = null;
        long most = 0;
        for (int open = s.indexOf('{'); open >= 0; ) {
            int close = closing(s, open);
            Map<String, String> fields = close < 0 ? Map.of() : fields(s.substring(open, close + 1));
            long count = fields.keySet().stream().filter(FIELDS::contains).count();
            boolean proposal = count > 0;
            if (proposal && count >= most) {
                found = fields;
                most = count;
            }
            open = s.indexOf('{', proposal ? close + 1 : open + 1);
        }
        return found;
    }

    /** Where the brace at {@code open} is balanced, not counting braces in strings; -1 if it never is. */
    private static int closing(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** An object's text fields by {@link #key}, blank ones as null; empty if the text is not a JSON object. */
    private static Map<String, String> fields(String json) {
        Map<String, String> fields = new HashMap<>();
        try {
            JSON.readTree(json).properties().forEach(e -> {
                String v = e.getValue().isValueNode() ? e.getValue().asText().strip() : "";
                fields.putIfAbsent(key(e.getKey()), v.isEmpty() || e.getValue().isNull() ? null : v);
            });
        } catch (JsonProcessingException notJson) {
            return Map.of();
        }
        return fields;
    }

    /** A field's name as models vary it: "expected_effect", "expectedEffect" and "Expected effect" alike. */
    private static String key(String name) {
        return name.replaceAll("[_\\s-]", "").toLowerCase(Locale.ROOT);
    }

    /** A "source" field's class, without the fence some models put inside the string. */
    private static String unfenced(String source) {
        Matcher m = FENCE.matcher(source.replace("\r\n", "\n"));
        return (m.find() ? m.group(3) : source.replace("\r\n", "\n")).strip() + "\n";
    }

    private static String bounded(String source) throws Malformed {
        if (source.length() > MAX_SOURCE_CHARS) {
            throw new Malformed("the source has " + source.length() + " characters; at most " + MAX_SOURCE_CHARS);
        }
        return source;
    }
}
