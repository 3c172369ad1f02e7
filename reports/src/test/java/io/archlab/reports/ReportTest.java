package io.archlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    /** Where the seeded reports are left for review (and for the app's browser rendering test). */
    static final Path SAMPLES = Path.of(System.getProperty("archlab.reportSamples", "target/report-samples"));
    @TempDir
    static Path home;
    static Store store;

    @BeforeAll
    static void seed() {
        store = Stores.openHome(home);
        SeededRuns.seed(store);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void should_write_every_section_with_the_stores_numbers_for_an_llm_run_with_a_discovery() throws Exception {
        Path out = SAMPLES.resolve("llm");
        List<Path> files = Reports.write(store, SeededRuns.RUN, out, EnumSet.allOf(Reports.Format.class));
        assertEquals(List.of(out.resolve("report.html"), out.resolve("report.md")), files);
        Document page = ReportVerifier.verify(store, SeededRuns.RUN, Files.readString(files.get(0)));

        Element banner = page.selectFirst("#summary .banner");
        assertTrue(banner.hasClass("good") && banner.text().startsWith("1 discovery"), banner.text());
        List<String> discovery = page.select("#table-discoveries tbody tr").first().select("td").eachText();
        assertEquals(List.of(SeededRuns.HOSTILE, "discovery", "3", "88.63% [88.01%, 89.26%]",
                "significantly better (reference 87.13%)", "0.006", "significantly better (reference 86.17%)", "86.17%", "< 0.001", "88.09% [87.58%, 88.61%] (3 models)"),
                discovery);
        List<String> wider = page.select("#table-discoveries tbody tr").get(1).select("td").eachText();
        assertEquals(List.of("Wider", "not a discovery", "3", "87.40% [86.21%, 88.59%]", "not significant (reference "
                + "86.17%)", "0.061", "not significant (reference 86.17%)", "86.17%", "0.061"), wider,
                "a parent that is the best baseline answers both columns");
        List<String> path = page.select("#table-lineage-e3 tbody tr").eachText();
        assertEquals(4, path.size());
        assertTrue(path.get(3).contains("block 3 → depthwise separable") && path.get(3).contains("+1.30 pp"),
                path.get(3));
        assertEquals(List.of("Model openai:test-model"), page.select("#table-summary tbody tr").eachText().stream()
                .filter(r -> r.startsWith("Model ")).toList());
        assertEquals(List.of("Test split Baseline CNN 85.77% [84.98%, 86.55%] (3 models); " + SeededRuns.HOSTILE
                + " 88.09% [87.58%, 88.61%] (3 models)"), page.select("#table-summary tbody tr").eachText().stream()
                .filter(r -> r.startsWith("Test split")).toList());
        assertTrue(page.select("#table-summary td").eachText().contains("3 exchanges (1 failed), 2,650 tokens, "
                + "0.0036 USD of 2.50 USD"), page.select("#table-summary").text());
        assertEquals(List.of("Kind Trials Candidates Stages First message",
                "crashed 1 1 TRAIN worker exited with fatal signal SIGSEGV",
                "diverged 1 1 TRAIN loss became NaN at step 212",
                "shape_error 1 1 TRACE line 12: <add> needs equal shapes [8,14,14] and [8,7,7]"),
                page.select("#table-failures tr").eachText());
        assertEquals(List.of("compile_error 1", "near_duplicate 1", "over_budget 1"),
                page.select("#table-checks tbody tr").eachText());
        assertEquals(List.of("Unstable Fixed repair of Unstable (diverged) succeeded",
                "Gated after 1 repair(s), 0 revision(s) before training succeeded"),
                page.select("#table-repairs tbody tr").eachText());
        assertTrue(page.getElementById("fidelity").text().contains("0.800 over 4 candidates"),
                page.getElementById("fidelity").text());
        assertTrue(page.select("#table-random").text().contains("Best screened (not random) 87.10%") && page.select("#table-random").text().endsWith("RI +16.99%"), page.select("#table-random").text());
        assertTrue(page.select("#table-leaderboard tr").get(1).text().startsWith("1 " + SeededRuns.HOSTILE),
                "the over-budget Too Big (88.00%) is not ranked first, nor the best against random");
        assertTrue(page.select("#pareto svg text.point-label").eachText().contains("Too Big"),
                "the over-budget candidate still shows on the front of the chart");
    }

    @Test
    void should_show_hostile_stored_text_as_text_in_html_svg_and_markdown() throws Exception {
        String html = Reports.html(store, SeededRuns.RUN);
        Document page = org.jsoup.Jsoup.parse(html);
        assertTrue(page.select("img, script").isEmpty(), "no element from stored text");
        assertTrue(page.getElementById("insights").text().contains("at </td> fewer params <script>alert(2)</script>"));
        assertFalse(html.contains("<img src=x") || html.contains("<script>alert"), "escaped in the source");
        String md = Reports.markdown(store, SeededRuns.RUN);
        assertFalse(md.contains("<img") || md.contains("<script>"), md);
        assertTrue(md.contains("&lt;img src=x onerror=alert(1)&gt;\\|\\`\\*\\*x\\*\\*"), "escaped in a cell");
        String code = md.substring(md.indexOf("### Source of"));
        assertTrue(code.contains("````java\npublic final class Ce3 extends Network { /* e3 ``` */ }\n````"),
                "a fence longer than the backticks in the code: " + code.substring(0, 200));
    }

    @Test
    void should_write_markdown_with_the_same_sections_and_its_charts_as_svg_files_beside_it() throws Exception {
        Path dir = home.resolve("md");
        Reports.write(store, SeededRuns.RUN, dir, Set.of(Reports.Format.md));
        assertFalse(Files.exists(dir.resolve("report.html")), "only the format asked for");
        String md = Files.readString(dir.resolve("report.md"));
        Document html = org.jsoup.Jsoup.parse(Reports.html(store, SeededRuns.RUN));
        List<String> htmlHeadings = html.select("h2").eachText();
        List<String> mdHeadings = md.lines().filter(l -> l.startsWith("## ")).map(l -> l.substring(3)).toList();
        assertEquals(htmlHeadings, mdHeadings);
        for (String chart : List.of("pareto.svg", "best-so-far.svg")) {
            assertTrue(md.contains("](" + chart + ")"), chart + " referenced");
            org.w3c.dom.Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(dir.resolve(chart).toFile());
            assertEquals("svg", svg.getDocumentElement().getTagName(), "well-formed standalone SVG");
        }
        assertTrue(md.contains("| 88.63% \\[88.01%, 89.26%\\] |"), "the discovery's interval");
    }

    @Test
    void should_say_clearly_that_a_run_in_which_every_trial_failed_failed() throws Exception {
        Path dir = SAMPLES.resolve("dead");
        Reports.write(store, SeededRuns.DEAD, dir, EnumSet.allOf(Reports.Format.class));
        Document page = ReportVerifier.verify(store, SeededRuns.DEAD, Files.readString(dir.resolve("report.html")));
        assertEquals("This run failed: every one of its 3 trials failed (2 crashed, 1 out_of_memory). No architecture "
                + "was measured and nothing is claimed. See Failures and repairs.",
                page.selectFirst("#summary .banner.bad").text());
        assertTrue(page.select("svg").isEmpty(), "no chart of nothing");
        assertTrue(page.getElementById("pareto").text().contains("No candidate was screened successfully"));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("> **Failed:** This run failed: every one of"));
        assertFalse(Files.exists(dir.resolve("pareto.svg")));
    }

    @Test
    void should_report_a_run_that_has_not_finished_a_trial() {
        Document page = ReportVerifier.verify(store, SeededRuns.EMPTY, Reports.html(store, SeededRuns.EMPTY));
        assertTrue(page.selectFirst("#summary .banner").text().contains("no finished trial yet"));
    }

    @Test
    void should_count_pruned_screenings_apart_from_failures_and_say_which_were_resumed(@TempDir Path home) {
        try (Store s = Stores.openHome(home)) {
            io.archlab.agent.RunConfig cfg = io.archlab.agent.RunConfig.defaults().withBudgets(50, 60, 10, 100_000);
            s.createRun(new io.archlab.knowledge.RunRecord("p", "fashion-mnist", io.archlab.knowledge.RunState.COMPLETED,
                    1, cfg.toJson(), "{}", "subset", "{}", null, null, 1000, SeededRuns.T, SeededRuns.T));
            String[] outcomes = {"succeeded", "pruned", "pruned", "crashed", "succeeded"};
            String[] cands = {"c0", "c1", "c2", "c3", "c1"};
            for (int i = 0; i < 4; i++) {
                s.saveCandidate(new io.archlab.knowledge.CandidateRecord("c" + i, "p", i, "C" + i, "evolution", null,
                        "x", "src", "{}", "h" + i, 1_000L, null, null, 0, 10_000L, SeededRuns.T));
            }
            for (int i = 0; i < outcomes.length; i++) {
                boolean pruned = outcomes[i].equals("pruned");
                s.recordTrial(new io.archlab.knowledge.TrialRecord("t" + i, "p", cands[i], i, 1, 10, outcomes[i],
                        outcomes[i].equals("succeeded") ? null : "TRAIN", pruned ? "pruned at rung 1 (200 of 1800 "
                        + "steps): ..." : outcomes[i].equals("crashed") ? "worker died" : null, 0.6, 0.4, 1.0,
                        pruned ? 200L : 1_800L, 9.0, 10.0, 100.0, "[]", null, null, null, 0, null, SeededRuns.T,
                        SeededRuns.T), 1);
            }
            Document page = org.jsoup.Jsoup.parse(Reports.html(s, "p"));
            String failures = page.getElementById("failures").text();
            assertTrue(failures.contains("2 screenings were stopped early at a rung (asynchronous successive "
                    + "halving): not failures"), failures);
            assertTrue(failures.contains("1 of them was resumed"), failures);
            assertTrue(failures.contains("1 of 5 trials failed, by kind"), failures);
            assertEquals(1, page.select("#table-failures tbody tr").size(), "pruned is no kind of failure");
        }
    }

    @Test
    void should_show_the_final_training_beside_the_search_and_the_claim_under_the_same_recipe(@TempDir Path home) {
        try (Store s = Stores.openHome(home)) {
            io.archlab.agent.RunConfig cfg = io.archlab.agent.RunConfig.defaults().withBudgets(50, 60, 10, 100_000)
                    .withCompute(new io.archlab.agent.RunConfig.Compute(1_000, 0, 50, null))
                    .withFinal(new io.archlab.agent.RunConfig.Final(1, 3, 4,
                            new io.archlab.sandbox.train.TrialRequest.Recipe(2, true, 0.1f)));
            s.createRun(new io.archlab.knowledge.RunRecord("f", "fashion-mnist",
                    io.archlab.knowledge.RunState.COMPLETED, 1, cfg.toJson(), "{}", "subset", "{}", null, null, 1000,
                    SeededRuns.T, SeededRuns.T));
            String[] names = {"Base", "Child"};
            for (int i = 0; i < 2; i++) {
                s.saveCandidate(new io.archlab.knowledge.CandidateRecord("c" + i, "f", i, names[i],
                        i == 0 ? "baseline" : "evolution", i == 0 ? null : "c0", "x", "src", "{}", "h" + i, 1_000L,
                        null, null, i, 10_000L, SeededRuns.T));
            }
            int n = 0;
            double[][] val = {{0.80}, {0.84}, {0.90, 0.91, 0.90}, {0.93, 0.92, 0.93}};
            String[] who = {"c0", "c1", "c0", "c1"};
            for (int k = 0; k < val.length; k++) {
                int fidelity = k < 2 ? 0 : io.archlab.knowledge.TrialRecord.FINAL;
                for (double v : val[k]) {
                    s.recordTrial(new io.archlab.knowledge.TrialRecord("t" + n, "f", who[k], n, k < 2 ? n : n % 3, 10,
                            "succeeded", null, null, v, 0.4, 1.0, k < 2 ? 1_000L : 4_000L, 9.0, 10.0, 100.0, "[]",
                            null, null, null, fidelity, null, SeededRuns.T, SeededRuns.T), 1);
                    if (fidelity == io.archlab.knowledge.TrialRecord.FINAL) {
                        s.saveFinalEvaluation(new io.archlab.knowledge.FinalEvaluationRecord("f", who[k], "t" + n,
                                v - 0.005, 10_000, SeededRuns.T));
                    }
                    n++;
                }
            }
            s.saveAssessment(new io.archlab.knowledge.AssessmentRecord("f", "c1", "c0",
                    io.archlab.knowledge.AssessmentRecord.FINAL_TEST, "discovery", 3, 0.9217, 0.91, 0.93, 0.8983,
                    0.004, "on the test split, both trained with the final recipe: better by 2.33 pp", SeededRuns.T));
            Document page = org.jsoup.Jsoup.parse(Reports.html(s, "f"));
            String section = page.getElementById("final").text();
            assertTrue(section.contains("random crops of the image zero-padded by 2 pixels, horizontal flips, label "
                    + "smoothing 0.10), 4,000 optimiser steps and the same 3 seeds each"), section);
            assertTrue(section.contains("the best candidate by search and the best baseline"), section);
            List<String> rows = page.select("#table-final tbody tr").eachText();
            assertEquals(2, rows.size(), rows.toString());
            assertTrue(rows.get(0).startsWith("Base best baseline 80.00% (single seed) 90.33% ["), rows.get(0));
            assertTrue(rows.get(1).startsWith("Child selected 84.00% (single seed) 92.67% ["), rows.get(1));
            assertTrue(rows.get(1).endsWith("(3 models) 4,000"), rows.get(1));
            assertTrue(section.contains("Child against Base: on the test split, both trained with the final recipe: "
                    + "better by 2.33 pp"), section);
            assertTrue(page.select("#summary .banner").eachText().contains("Selected: Child, test accuracy 92.17% "
                    + "[90.73%, 93.60%] (3 models), against the best baseline Base at 89.83% [88.40%, 91.27%] (3 "
                    + "models), both trained with the same final recipe, steps and seeds: significantly better (p "
                    + "0.004)."), page.select("#summary .banner").eachText().toString());
            String rerun = page.getElementById("reproducibility").text();
            assertTrue(rerun.contains("--final-candidates 1 --final-seeds 3 --final-factor 4 --final-recipe "
                    + "crop=2,flip,smooth=0.1"), rerun);
            assertTrue(page.select("#table-summary").text().contains("4,000 per final trial"),
                    page.select("#table-summary").text());
        }
    }

    @Test
    void should_draw_a_large_run_with_a_sample_of_its_dots_and_the_whole_front(@TempDir Path big) {
        try (Store s = Stores.openHome(big)) {
            io.archlab.agent.RunConfig cfg = io.archlab.agent.RunConfig.defaults().withBudgets(5000, 60, 10, 100_000);
            s.createRun(new io.archlab.knowledge.RunRecord("big", "fashion-mnist", io.archlab.knowledge.RunState.COMPLETED,
                    1, cfg.toJson(), "{}", "subset", "{}", null, null, 1000, SeededRuns.T, SeededRuns.T));
            java.util.Random r = new java.util.Random(3);
            int n = 2_600;
            for (int i = 0; i < n; i++) {
                long params = 10_000 + r.nextInt(80_000);
                s.saveCandidate(new io.archlab.knowledge.CandidateRecord("c" + i, "big", i, "C" + i, "evolution", null,
                        "x", "src", "{}", "h" + i, params, null, null, 0, params * 10, SeededRuns.T));
                s.recordTrial(new io.archlab.knowledge.TrialRecord("t" + i, "big", "c" + i, i, 1, 10, "succeeded", null,
                        null, 0.5 + 0.4 * r.nextDouble(), 0.4, 1.0, 10L, 9.0, 10.0, 100.0, "[]", null, null, null, 0, null,
                        SeededRuns.T, SeededRuns.T), 1);
            }
            Document page = org.jsoup.Jsoup.parse(Reports.html(s, "big"));
            int front = page.select("#table-pareto tbody tr").size();
            long frontDots = page.select("#pareto svg circle[fill=#d1495b]").stream()
                    .filter(c -> !c.select("title").isEmpty()).count();
            assertEquals(front, frontDots, "every front point drawn");
            long dots = page.select("#progress svg circle").stream().filter(c -> !c.select("title").isEmpty()).count();
            assertEquals(Charts.MAX_DOTS, dots, "sampled");
            assertTrue(page.select("#progress figcaption").text().contains(" of 2600 screenings drawn (an even sample)"),
                    page.select("#progress figcaption").text());
            assertEquals(500, page.select("#table-trials tbody tr").size());
            assertTrue(page.getElementById("trials").text().contains("The first 500 of 2600 trials"));
        }
    }

    @Test
    void should_report_the_store_benchmarks_synthetic_run(@TempDir Path bench) {
        try (Store s = Stores.openHome(bench)) {
            io.archlab.knowledge.StoreBenchmark.Result r = io.archlab.knowledge.StoreBenchmark.run(s, 300, 2, 1, 5);
            ReportVerifier.verify(s, r.runId(), Reports.html(s, r.runId()));
        }
    }

    @Test
    void should_name_an_unknown_format_and_refuse_an_unknown_run() {
        assertEquals(EnumSet.of(Reports.Format.html, Reports.Format.md), Reports.formats("html, markdown"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reports.formats("html,pdf"));
        assertEquals("unknown report format 'pdf': use html, md or both (html,md)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Reports.html(store, "nope"));
    }
}
