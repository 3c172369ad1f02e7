package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets stay secret end to end: a real run against an LLM endpoint that echoes the request's
 * Authorization header in its error body (as some proxies and servers do) leaves the key nowhere:
 * not on the console, not in the knowledge base (whose events the dashboard serves), not in the
 * reports, not in the worker logs.
 */
class SecretsIT {
    static final String KEY = "lk-live-6c1f0e93b27a4d58aa9e";

    @TempDir
    Path dir;

    @Test
    void should_keep_an_api_key_an_endpoint_echoes_out_of_console_store_reports_and_logs() throws Exception {
        HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"error\":{\"message\":\"Unsupported value: 'temperature'. Request was: Authorization="
                    + auth + " key=" + auth.replace("Bearer ", "") + "\",\"type\":\"invalid_request_error\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(400, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        echo.start();
        Path home = dir.resolve("home");
        AppProcess.Result r;
        try {
            r = AppProcess.run(dir.resolve("logs"), Duration.ofSeconds(300), home, Map.of("ARCHLAB_LLM_API_KEY", KEY),
                    "run", "--final-candidates", "0", "--data", "subset", "--max-trials", "5", "--trial-seconds", "2", "--max-epochs", "1",
                    "--seeds", "0", "--llm", "openai:gpt-test", "--llm-base-url",
                    "http://127.0.0.1:" + echo.getAddress().getPort() + "/v1");
        } finally {
            echo.stop(0);
        }
        String console = r.out() + r.err();
        assertTrue(console.contains("HTTP 400") || console.contains("400"), "the run met the echoing endpoint: "
                + console);
        assertTrue(console.contains("[redacted]"), console);
        assertFalse(console.contains(KEY), "the key reached the console: " + console);
        List<Path> leaking = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (text.contains(KEY)) {
                    leaking.add(home.relativize(f));
                }
            }
        }
        assertTrue(leaking.isEmpty(), "the key is stored in " + leaking);
        try (Stream<Path> reports = Files.walk(home.resolve("runs"))) {
            assertTrue(reports.anyMatch(p -> p.getFileName().toString().equals("report.html")),
                    "the run wrote its report, which was searched");
        }
    }
}
