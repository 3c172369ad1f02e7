package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code archlab demo}, twice in the same home, as a new user would run it (on the shipped subset). */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void should_screen_promote_and_judge_write_a_report_twice_and_show_both_runs_on_the_dashboard() throws Exception {
        Path home = dir.resolve("home");
        List<Path> reports = new java.util.ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            AppProcess.Result r = AppProcess.run(dir.resolve("demo" + i), Duration.ofMinutes(10), home, "demo",
                    "--data", "subset");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("rank  candidate"), r.out());
            Matcher report = Pattern.compile("report: (\\S+report\\.html)\\s+report: (\\S+report\\.md)").matcher(r.out());
            assertTrue(report.find(), r.out());
            String md = Files.readString(Path.of(report.group(2)));
            assertTrue(md.contains("## Discoveries") && md.contains("## Leaderboard") && md.contains("![")
                    && Files.exists(Path.of(report.group(2)).resolveSibling("pareto.svg")), md);
            reports.add(Path.of(report.group(1)));
            assertTrue(r.out().lines().filter(l -> l.matches("\\[\\d+/16] .*")).count() >= 8, r.out());
            assertTrue(md.contains("## Final training"), md);
        }
        try (Store store = Stores.openHome(home)) {
            List<RunRecord> runs = store.runs();
            assertEquals(2, runs.size());
            for (RunRecord run : runs) {
                long trained = store.trials(run.id()).stream().filter(t -> t.succeeded()).count();
                assertTrue(trained >= 8, run.id() + " trained " + trained);
                java.util.List<io.archlab.knowledge.TrialRecord> finals = store.trials(run.id()).stream()
                        .filter(t -> t.fidelity() == io.archlab.knowledge.TrialRecord.FINAL).toList();
                assertEquals(6, finals.size(), "the best candidate and the best baseline, 3 seeds each");
                assertEquals(1, finals.stream().map(t -> t.steps()).distinct().count(), "the same steps: " + finals);
                long promoted = store.trials(run.id()).stream().filter(t -> t.fidelity() == 1).count();
                assertTrue(promoted >= 3, run.id() + ": the best of the first round re-trained with 3 seeds");
                assertFinalEvaluations(store, run.id());
            }
            // each run's HTML report, checked section by section against the store it was written from
            for (Path report : reports) {
                String runId = report.getParent().getFileName().toString();
                org.jsoup.nodes.Document page = io.archlab.reports.ReportVerifier.verify(store, runId,
                        Files.readString(report));
                assertEquals(2, page.select("svg").size(), "Pareto and best-so-far charts of " + runId);
                Files.copy(report, Files.createDirectories(Path.of("target/report-samples/demo"))
                        .resolve(runId + ".html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // As a new user would go on: the dashboard shows both demo runs.
        int port = BrowserSession.freePort();
        Process serve = AppProcess.start(dir.resolve("serve"), home, "serve", "--port", Integer.toString(port));
        try {
            BrowserSession.awaitUp(serve, port, dir.resolve("serve"));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            try (Store store = Stores.openHome(home)) {
                for (RunRecord run : store.runs()) {
                    assertTrue(page.contains(run.id()), run.id() + " on the dashboard:\n" + page);
                    java.net.http.HttpResponse<String> board = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/runs/" + run.id() + "/leaderboard"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, board.statusCode());
                    assertTrue(board.body().contains(store.leaderboard(run.id(), 1).get(0).name()), board.body());
                    java.net.http.HttpResponse<String> report = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/runs/" + run.id() + "/report"))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, report.statusCode());
                    io.archlab.reports.ReportVerifier.verify(store, run.id(), report.body());
                    // the overview shows the final training beside the search, the tested finalists marked
                    org.jsoup.nodes.Document overview = org.jsoup.Jsoup.parse(http.send(java.net.http.HttpRequest
                            .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/runs/" + run.id())).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                    List<String> rows = overview.select("#final-table tbody tr").eachText();
                    long finalists = store.trials(run.id()).stream()
                            .filter(t -> t.fidelity() == io.archlab.knowledge.TrialRecord.FINAL)
                            .map(io.archlab.knowledge.TrialRecord::candidateId).distinct().count();
                    assertEquals(finalists, rows.size(), overview.select("#final-training").outerHtml());
                    assertTrue(rows.stream().anyMatch(r -> r.contains(" best baseline ") || r.contains(" selected ")),
                            rows.toString());
                    assertTrue(rows.stream().allMatch(r -> r.matches(".* \\d+\\.\\d\\d% (promoted mean of \\d+ seeds|single"
                            + " seed) .*over 3 seeds.*")), rows.toString());
                    assertEquals(store.finalEvaluations(run.id()).stream().map(f -> f.candidateId()).distinct().count(),
                            rows.stream().filter(r -> !r.contains("not read")).count(), "the tested ones show a test "
                            + "accuracy: " + rows);
                }
            }
        } finally {
            serve.destroy();
            serve.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
    /**
     * The test split was read for the selected candidate's models at the promoted fidelity (one per
     * seed) and for the best baseline's: at most two candidates, every record on one of their own
     * trained models.
     */
    static void assertFinalEvaluations(io.archlab.knowledge.Store store, String runId) {
        java.util.List<io.archlab.knowledge.FinalEvaluationRecord> finals = store.finalEvaluations(runId);
        java.util.Map<String, io.archlab.knowledge.TrialRecord> trials = new java.util.HashMap<>();
        store.trials(runId).forEach(t -> trials.put(t.id(), t));
        long candidates = finals.stream().map(io.archlab.knowledge.FinalEvaluationRecord::candidateId).distinct().count();
        boolean finalTraining = io.archlab.agent.RunConfig.fromJson(store.run(runId).orElseThrow().configJson())
                .finalTraining().on();
        // after a final training only its models are tested, else the promoted ones
        int fidelity = finalTraining ? io.archlab.knowledge.TrialRecord.FINAL : io.archlab.knowledge.TrialRecord.PROMOTED;
        org.junit.jupiter.api.Assertions.assertTrue(!finals.isEmpty() && candidates <= 2, finals.toString());
        for (io.archlab.knowledge.FinalEvaluationRecord f : finals) {
            io.archlab.knowledge.TrialRecord t = trials.get(f.trialId());
            org.junit.jupiter.api.Assertions.assertTrue(t != null && t.succeeded() && t.candidateId().equals(
                    f.candidateId()) && t.fidelity() == fidelity, "evaluated at fidelity " + fidelity + ": " + f);
        }
    }
}
