package io.archlab.app;

import static io.archlab.app.DashboardSeed.XSS_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged dashboard ({@code archlab serve}, a child process) over raw HTTP/1.x on a socket,
 * since {@link java.net.http.HttpClient} will not send a {@code Host} of the test's choosing: a
 * request naming a host the dashboard is not served under, as a DNS-rebinding web page's does, is
 * refused on every kind of route; the hosts it is served under are answered. The {@code --host}
 * cases listen on 127.0.0.2, which Linux routes to loopback like all of 127.0.0.0/8.
 */
class HostCheckIT {
    static final String REFUSAL = "archlab: refused: the Host header names a host this dashboard is not served under"
            + " (see archlab serve --help)\n";
    static final List<String> HOSTILE = List.of("evil.example", "evil.example:%d", "localhost.evil.example:%d",
            "127.0.0.1.nip.io:%d", "127.0.0.3:%d");

    @TempDir
    static Path dir;

    static Path home;
    static Served loopback;

    /** An {@code archlab serve} child process listening on {@code address}:{@code port}. */
    record Served(Process process, String address, int port) implements AutoCloseable {
        static Served start(Path logs, String address, String... hostArgs) throws Exception {
            int port = BrowserSession.freePort();
            List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
            args.addAll(List.of(hostArgs));
            Process p = AppProcess.start(logs, home, args.toArray(String[]::new));
            Served s = new Served(p, address, port);
            try {
                s.awaitUp(logs);
            } catch (Exception | AssertionError e) {
                s.close();
                throw e;
            }
            return s;
        }

        void awaitUp(Path logs) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("archlab serve exited with " + process.exitValue() + ":\n"
                            + Files.readString(logs.resolve("err.txt")));
                }
                try {
                    if (get("/", "localhost:" + port).status() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError("archlab serve did not answer on " + address + ":" + port);
        }

        /** GET {@code path} over HTTP/1.1 with {@code host} as the Host header ({@code %d}: the port). */
        Reply get(String path, String host) throws IOException {
            return send("GET " + path + " HTTP/1.1\r\nHost: " + String.format(Locale.ROOT, host, port)
                    + "\r\nAccept: */*\r\nConnection: close\r\n\r\n");
        }

        /** Sends {@code request} as is and reads the reply up to the end of the connection. */
        Reply send(String request) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 10_000);
                s.setSoTimeout(60_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                s.getInputStream().transferTo(all);
                return Reply.parse(all.toString(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A status, the raw header block and the body (chunked bodies left as sent). */
    record Reply(int status, String headers, String body) {
        static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) .*");

        static Reply parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            Matcher m = STATUS.matcher(head.lines().findFirst().orElse(""));
            assertTrue(m.matches(), "not an HTTP reply: " + raw);
            return new Reply(Integer.parseInt(m.group(1)), head.toLowerCase(Locale.ROOT),
                    end < 0 ? "" : raw.substring(end + 4));
        }

        boolean header(String nameAndValue) {
            return headers.lines().anyMatch(l -> l.startsWith(nameAndValue.toLowerCase(Locale.ROOT)));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        home = dir.resolve("home");
        try (Store store = Stores.openHome(home)) {
            DashboardSeed.seed(store);
        }
        loopback = Served.start(dir.resolve("logs-loopback"), "127.0.0.1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (loopback != null) {
            loopback.close();
        }
    }

    /** One route of each kind (page, JSON, events, static file, echarts, error), and its status when answered. */
    static final Map<String, Integer> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("/", 200);
        ROUTES.put("/runs/" + XSS_RUN, 200);
        ROUTES.put("/api/runs", 200);
        ROUTES.put("/api/runs/" + XSS_RUN + "/live", 200);
        ROUTES.put("/static/archlab/common.js", 200);
        ROUTES.put("/_static/echarts/5.6.0/dist/echarts.min.js", 200);
        ROUTES.put("/api/runs/no-such-run", 404);
        ROUTES.put("/no-such-page", 404);
    }

    @Test
    void should_refuse_a_foreign_host_and_answer_the_loopback_names_on_every_kind_of_route() throws Exception {
        for (var route : ROUTES.entrySet()) {
            for (String host : HOSTILE) {
                Reply r = loopback.get(route.getKey(), host);
                assertEquals(421, r.status(), route.getKey() + " with Host " + host);
                assertEquals(REFUSAL, r.body(), route.getKey() + " with Host " + host);
                assertTrue(r.header("content-type: text/plain"), r.headers());
            }
            for (String host : List.of("localhost", "localhost:%d", "LOCALHOST:%d", "127.0.0.1", "127.0.0.1:%d",
                    "[::1]", "[::1]:%d")) {
                assertEquals(route.getValue(), loopback.get(route.getKey(), host).status(),
                        route.getKey() + " with Host " + host);
            }
        }
        Reply live = loopback.get("/api/runs/" + XSS_RUN + "/live", "localhost:%d");
        assertTrue(live.header("content-type: text/event-stream"), live.headers());
        assertTrue(live.body().contains("data:"), live.body());
        assertTrue(loopback.get("/api/runs", "[::1]:%d").body().contains("\"" + XSS_RUN + "\""));
        // through an SSH tunnel or a port mapping the port is another: the name is what counts
        assertEquals(200, loopback.get("/", "localhost:9").status());
    }

    @Test
    void should_answer_http_1_0_without_a_host_but_not_with_a_foreign_one() throws Exception {
        Reply old = loopback.send("GET /api/runs HTTP/1.0\r\n\r\n");
        assertEquals(200, old.status(), old.headers());
        assertTrue(old.body().contains("\"" + XSS_RUN + "\""), old.body());

        Reply foreign = loopback.send("GET /api/runs HTTP/1.0\r\nHost: evil.example\r\n\r\n");
        assertEquals(421, foreign.status(), foreign.headers());
        assertEquals(REFUSAL, foreign.body());

        // HTTP/1.1 requires a Host: Vert.x answers 400 itself, with no data and no stack trace
        Reply none = loopback.send("GET /api/runs HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertEquals(400, none.status(), none.headers());
        assertFalse(none.body().contains(XSS_RUN), none.body());
        assertFalse(none.body().contains("Exception") || none.body().contains("\tat "), none.body());
    }

    @Test
    void should_refuse_two_host_headers_and_a_malformed_one() throws Exception {
        Reply two = loopback.send("GET /api/runs HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(400, two.status());
        assertEquals("archlab: refused: more than one Host header\n", two.body());

        Reply old = loopback.send("GET /api/runs HTTP/1.0\r\nHost: ::1\r\n\r\n");
        assertEquals(400, old.status());
        assertFalse(old.body().contains(XSS_RUN), old.body());
    }

    @Test
    void should_answer_the_host_given_with_dash_dash_host() throws Exception {
        try (Served given = Served.start(dir.resolve("logs-given"), "127.0.0.2", "--host", "127.0.0.2")) {
            assertEquals(200, given.get("/api/runs", "127.0.0.2:%d").status());
            assertEquals(200, given.get("/api/runs", "127.0.0.2").status());
            for (String host : HOSTILE) {
                assertEquals(421, given.get("/api/runs", host).status(), host);
            }
        }
    }

    @Test
    void should_answer_a_wildcard_listener_on_the_address_a_request_arrived_on_and_loopback_names() throws Exception {
        try (Served any = Served.start(dir.resolve("logs-any"), "127.0.0.2", "--host", "0.0.0.0")) {
            assertEquals(200, any.get("/api/runs", "127.0.0.2:%d").status(), "the address it arrived on");
            assertEquals(200, any.get("/api/runs", "0.0.0.0:%d").status(), "the --host given");
            assertEquals(200, any.get("/api/runs", "localhost:%d").status(), "a loopback name");
            for (String host : HOSTILE) {
                assertEquals(421, any.get("/api/runs", host).status(), host);
            }
        }
    }
}
