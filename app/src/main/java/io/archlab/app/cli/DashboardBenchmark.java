package io.archlab.app.cli;

import io.archlab.knowledge.Store;
import io.archlab.knowledge.StoreBenchmark;
import io.archlab.knowledge.Stores;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Server time of the dashboard's pages on a big run: fills a temporary knowledge base with
 * {@link StoreBenchmark}'s synthetic run, serves it with this packaged app ({@code archlab serve},
 * a child process) and times page requests over loopback — the first one (cold) and then the
 * median and p95 of repeated ones.
 */
final class DashboardBenchmark {
    static final double GOAL_P95_MS = 200;

    private DashboardBenchmark() {
    }

    static void run(int candidates, int trialsPerCandidate, int requests, PrintWriter out) throws Exception {
        List<String> worker = WorkerLaunch.command();
        if (worker == null) {
            throw new IllegalStateException("bench dashboard serves the packaged app: run it as ./archlab bench "
                    + "dashboard (java -jar .../quarkus-run.jar)");
        }
        Path home = Files.createTempDirectory("archlab-bench-dashboard");
        Process serve = null;
        try {
            StoreBenchmark.Result r;
            long t0 = System.nanoTime();
            try (Store store = Stores.openHome(home)) {
                r = StoreBenchmark.run(store, candidates, trialsPerCandidate, 5, 42);
            }
            out.printf(Locale.ROOT, "run %s: %,d candidates, %,d trials, loaded in %.1f s%n", r.runId(), r.candidates(),
                    r.trials(), (System.nanoTime() - t0) / 1e9);
            out.flush();
            int port = freePort();
            List<String> cmd = new ArrayList<>(worker.subList(0, worker.size() - 1));
            cmd.addAll(List.of("serve", "--home", home.toString(), "--port", Integer.toString(port)));
            serve = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("serve.log").toFile())
                    .start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            awaitUp(http, base, serve, home);
            String[][] pages = {
                {"leaderboard", "/runs/" + r.runId() + "/leaderboard"},
                {"leaderboard, sorted by params, page 40", "/runs/" + r.runId() + "/leaderboard?sort=params&page=40"},
                {"lineage", "/runs/" + r.runId() + "/lineage"},
                {"candidate (the deepest)", "/candidates/" + r.lineageCandidateId()},
                {"Pareto", "/runs/" + r.runId() + "/pareto"},
                {"run overview", "/runs/" + r.runId()},
                {"runs", "/"}};
            out.println();
            out.println("| page | first request ms | median ms | p95 ms | goal p95 | met? |");
            out.println("|---|---:|---:|---:|---:|---|");
            for (String[] p : pages) {
                double first = get(http, base + p[1]);
                for (int i = 0; i < 3; i++) {
                    get(http, base + p[1]);
                }
                double[] t = new double[requests];
                for (int i = 0; i < requests; i++) {
                    t[i] = get(http, base + p[1]);
                }
                Arrays.sort(t);
                double p95 = t[(int) Math.ceil(0.95 * requests) - 1];
                out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | < %.0f | %s |%n", p[0], first, t[requests / 2], p95,
                        GOAL_P95_MS, p95 < GOAL_P95_MS ? "yes" : "NO");
                out.flush();
            }
            // the run's report is written from the whole store on request: timed, without a page goal
            String report = base + "/runs/" + r.runId() + "/report";
            double first = get(http, report);
            double[] t = {get(http, report), get(http, report), get(http, report)};
            Arrays.sort(t);
            long bytes = http.send(HttpRequest.newBuilder(URI.create(report)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body().length;
            out.printf(Locale.ROOT, "%nreport (HTML, written from the store): first %.0f ms, then median %.0f ms of 3; "
                    + "%,d bytes%n", first, t[1], bytes);
        } finally {
            if (serve != null) {
                serve.destroy();
                serve.waitFor();
            }
            try (java.util.stream.Stream<Path> files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Milliseconds of one GET, which must answer 200. */
    private static double get(HttpClient http, String url) throws IOException, InterruptedException {
        long t = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return ms;
    }

    private static void awaitUp(HttpClient http, String base, Process serve, Path home) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!serve.isAlive()) {
                throw new IllegalStateException("archlab serve exited: " + Files.readString(home.resolve("serve.log")));
            }
            try {
                get(http, base + "/");
                return;
            } catch (IOException | IllegalStateException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("archlab serve did not answer within 120 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
