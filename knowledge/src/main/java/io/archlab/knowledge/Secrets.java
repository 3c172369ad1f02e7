package io.archlab.knowledge;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows archlab's secrets and removes them from text. Every string the
 * knowledge base stores passes through {@link #redactKnown} (the store's parameter binding), text
 * that came from outside (LLM prompts and answers, error bodies, events) through {@link #redact},
 * and the process's standard output and error through {@link #redacting}; so no secret reaches the
 * store, the reports and dashboard that read it, the console or the logs.
 *
 * <p>The secrets: the LLM keys, the cluster secret and the database password from their environment
 * variables ({@link #ENV}), and every secret read from elsewhere (a secret file, the knowledge
 * base's own credential), {@linkplain #register registered} where it is read.
 */
public final class Secrets {
    /** Environment variables that hold secrets. */
    public static final List<String> ENV = List.of("ARCHLAB_LLM_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY",
            "GEMINI_API_KEY", "GOOGLE_API_KEY", "ARCHLAB_CLUSTER_SECRET", "ARCHLAB_DB_PASSWORD");
    /** Shorter values are not treated as secrets: replacing them would mangle ordinary text. */
    static final int MIN_LENGTH = 8;
    /** What a removed secret is replaced with. */
    public static final String MARK = "[redacted]";
    /**
     * What looks like a credential even when archlab does not know it: OpenAI-style keys, bearer
     * tokens, and {@code api_key: ...} / {@code password=...} assignments with a token-like value (not
     * a bare {@code token = ...}: sequence models name their tensors so).
     */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(\\bsk-[A-Za-z0-9_\\-]{16,})"
            + "|((?i:bearer)\\s+[A-Za-z0-9._~+/\\-]{16,}=*)"
            + "|((?i:api[_-]?key|authorization|password|secret|(?:access|refresh|auth|api)[_-]?token)"
            + "\\s*[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9._~+/\\-]{8,}=*");
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    static {
        for (String name : ENV) {
            register(System.getenv(name));
        }
    }

    private Secrets() {
    }

    /** Adds {@code secret} to the secrets removed from every text; null, blank or short values are ignored. */
    public static void register(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            return;
        }
        String s = secret.strip();
        KNOWN.add(s);
        // as it appears in a URL or a JSON string
        KNOWN.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
        KNOWN.add(s.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    /** {@code text} with every known secret replaced by {@value #MARK}; null stays null. Safe on source code. */
    public static String redactKnown(String text) {
        if (text == null || text.length() < MIN_LENGTH) {
            return text;
        }
        String out = text;
        for (String s : KNOWN) {
            if (out.contains(s)) {
                out = out.replace(s, MARK);
            }
        }
        return out;
    }

    /** {@code text} without known secrets and without anything that looks like a credential; null stays null. */
    public static String redact(String text) {
        String out = redactKnown(text);
        if (out == null) {
            return null;
        }
        return CREDENTIAL.matcher(out).replaceAll(m -> m.group(3) != null
                ? Matcher.quoteReplacement(m.group(3)) + MARK : MARK);
    }

    /**
     * {@code out} as a stream that writes each line without known secrets. Bytes are held until the
     * line ends (or the stream closes, or a line grows past 64 KiB), so a secret written in pieces is
     * still caught; a flush writes the complete lines only.
     */
    public static PrintStream redacting(PrintStream out) {
        LineRedactor r = new LineRedactor(out);
        REDACTORS.add(r);
        return new PrintStream(r, false, StandardCharsets.UTF_8);
    }

    /** Writes what the {@link #redacting} streams hold of an unfinished line (at exit: nothing printed is lost). */
    public static void drain() {
        REDACTORS.forEach(LineRedactor::close);
    }

    private static final List<LineRedactor> REDACTORS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final class LineRedactor extends OutputStream {
        private static final int LONGEST_LINE = 64 * 1024;
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineRedactor(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n' || line.size() > LONGEST_LINE) {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            target.flush();
        }

        @Override
        public synchronized void close() {
            emit();
            target.flush();
        }

        private void emit() {
            if (line.size() == 0) {
                return;
            }
            byte[] raw = line.toByteArray();
            line.reset();
            String text = new String(raw, StandardCharsets.UTF_8);
            String clean = redactKnown(text);
            byte[] outBytes = clean.equals(text) ? raw : clean.getBytes(StandardCharsets.UTF_8);
            target.write(outBytes, 0, outBytes.length);
        }
    }
}
