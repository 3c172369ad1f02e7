package io.archlab.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    static final String KEY = "local-key-7f3a9c2e11d04b";

    static {
        Secrets.register(KEY);
    }

    @Test
    void should_remove_a_registered_secret_wherever_it_appears() {
        assertEquals("HTTP 401: {\"error\":\"bad header Authorization: Bearer [redacted]\"}",
                Secrets.redact("HTTP 401: {\"error\":\"bad header Authorization: Bearer " + KEY + "\"}"));
        assertEquals("x [redacted] y [redacted]", Secrets.redactKnown("x " + KEY + " y " + KEY));
    }

    @Test
    void should_remove_a_secret_as_a_url_or_a_json_string_carries_it() {
        String odd = "pa ss\"wo/rd+with&marks";
        Secrets.register(odd);
        assertEquals("?k=[redacted]", Secrets.redactKnown("?k=" + java.net.URLEncoder.encode(odd, StandardCharsets.UTF_8)));
        assertEquals("{\"k\":\"[redacted]\"}", Secrets.redactKnown("{\"k\":\"pa ss\\\"wo/rd+with&marks\"}"));
    }

    @Test
    void should_ignore_values_too_short_to_be_secrets() {
        Secrets.register("none");
        Secrets.register(null);
        Secrets.register("   ");
        assertEquals("none of these", Secrets.redact("none of these"));
        assertNull(Secrets.redact(null));
    }

    @Test
    void should_remove_credential_shapes_it_does_not_know() {
        assertEquals("key [redacted] refused", Secrets.redact("key sk-proj-ABCDEFGHIJKLMNOPQRSTUV refused"));
        assertEquals("Authorization: [redacted]", Secrets.redact("Authorization: Bearer abcdefghijklmnopqrstuvwxyz012"));
        assertEquals("api_key=[redacted]", Secrets.redact("api_key=abcdefghijklmnopqrstuvwxyz"));
    }

    @Test
    void should_leave_candidate_code_alone() {
        String source = "Tensor token = n.embedding(x, 64);\nString mask = \"Task-abcdefghijklmnopqrst\";\n"
                + "Tensor tokens = token.add(positionalEncodings);";
        assertEquals(source, Secrets.redact(source));
    }

    @Test
    void should_redact_lines_written_to_a_stream_even_in_pieces() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = Secrets.redacting(new PrintStream(sink, true, StandardCharsets.UTF_8));
        out.print("stopped: key local-key-");
        out.write('7');
        out.print("f3a9c2e11d04b refused\nnext ");
        out.println("line é");
        out.print("tail " + KEY.substring(0, 5));
        out.flush();
        assertEquals("stopped: key [redacted] refused\nnext line é" + System.lineSeparator(),
                sink.toString(StandardCharsets.UTF_8), "a flush writes complete lines only");
        out.print(KEY.substring(5));
        out.close();
        String text = sink.toString(StandardCharsets.UTF_8);
        assertEquals("stopped: key [redacted] refused\nnext line é" + System.lineSeparator() + "tail [redacted]", text);
        assertFalse(text.contains(KEY));
    }

    @Test
    void should_never_store_a_registered_secret(@TempDir java.nio.file.Path home) {
        try (Store s = Stores.openHome(home)) {
            s.createRun(StoreContractTest.run("r"));
            s.addEvent("r", "stopped", "the endpoint answered HTTP 400: echo " + KEY);
            s.saveCandidate(new CandidateRecord("c1", "r", 0, "C", "llm", null, "change", "// " + KEY, null, null,
                    null, "hypothesis", null, 0, null, java.time.Instant.now()));
            assertEquals("the endpoint answered HTTP 400: echo [redacted]", s.events("r").get(0).message());
            assertEquals("// [redacted]", s.candidate("c1").orElseThrow().source());
        }
    }
}
