package io.archlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.agent.RunConfig;
import io.archlab.evaluator.Stats;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.LlmSpend;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Checks an HTML report against the store it was written from: every section is there, the file
 * is self-contained, and each figure equals what the test recomputes from the stored records on
 * its own (it does not use the report's code to do so). Used on seeded runs and on a real demo run.
 */
public final class ReportVerifier {
    public static final List<String> SECTIONS = List.of("summary", "discoveries", "final", "pareto", "progress", "lineage",
            "insights", "failures", "random", "fidelity", "leaderboard", "trials", "llm", "reproducibility");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final RunRecord run;
    private final RunConfig config;
    private final Document html;
    private final List<TrialRecord> trials;
    private final Map<String, CandidateRecord> byId = new HashMap<>();
    private final Map<String, TrialRecord> screening = new LinkedHashMap<>();

    private ReportVerifier(Store store, String runId, String html) {
        this.store = store;
        this.run = store.run(runId).orElseThrow();
        this.config = RunConfig.fromJson(run.configJson());
        this.html = Jsoup.parse(html);
        this.trials = store.trials(runId);
        store.candidates(runId).forEach(c -> byId.put(c.id(), c));
        for (TrialRecord t : trials) {
            if (t.fidelity() == 0) {
                screening.putIfAbsent(t.candidateId(), t);
            }
        }
    }

    /** Parses {@code html} and checks it against {@code runId} in {@code store}; returns the parsed page. */
    public static Document verify(Store store, String runId, String html) {
        ReportVerifier v = new ReportVerifier(store, runId, html);
        v.sections();
        v.selfContained();
        v.summary();
        v.discoveries();
        v.pareto();
        v.progress();
        v.lineage();
        v.failures();
        v.random();
        v.fidelity();
        v.leaderboard();
        v.trialsTable();
        v.llm();
        v.reproducibility();
        return v.html;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private void sections() {
        List<String> ids = html.select("main > section").eachAttr("id");
        assertEquals(SECTIONS, ids, "sections in order");
        for (String id : SECTIONS) {
            Element s = html.getElementById(id);
            assertFalse(s.select("> h2").text().isBlank(), id + " has a heading");
            assertTrue(s.children().size() >= 2, id + " says something");
        }
        assertEquals("archlab run " + run.id(), html.title());
    }

    private void selfContained() {
        assertTrue(html.select("script, link, iframe, object, embed, img, video, audio, base, form").isEmpty(),
                "no script, no external resource");
        for (Element e : html.getAllElements()) {
            for (org.jsoup.nodes.Attribute a : e.attributes()) {
                assertFalse(a.getKey().toLowerCase(Locale.ROOT).startsWith("on"), "event handler " + a);
                if (a.getKey().equals("href")) {
                    assertTrue(a.getValue().startsWith("#"), "only in-page links: " + a);
                }
                assertFalse(a.getKey().equals("src") || a.getValue().contains("url("), "no loaded asset: " + a);
            }
        }
        assertFalse(html.select("style").html().contains("@import"));
    }

    /** The cells of table {@code id}, by row; the header row excluded. */
    List<List<String>> table(String id) {
        Element t = html.getElementById("table-" + id);
        assertNotNull(t, "table " + id);
        List<List<String>> rows = new ArrayList<>();
        for (Element tr : t.select("tbody > tr")) {
            rows.add(tr.select("td").stream().map(Element::text).toList());
        }
        return rows;
    }

    Map<String, String> keyValues(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        table(id).forEach(r -> out.put(r.get(0), r.get(1)));
        return out;
    }

    private void summary() {
        Map<String, String> s = keyValues("summary");
        long ok = trials.stream().filter(TrialRecord::succeeded).count();
        assertEquals(trials.size() + " of " + config.maxTrials() + " (" + ok + " succeeded, " + (trials.size() - ok)
                + " failed)", s.get("Trials"));
        assertEquals(String.format(Locale.ROOT, "%,d", config.maxParams()), s.get("Parameter budget"));
        assertEquals(run.task(), s.get("Task"));
        assertEquals(Integer.toString(byId.size()), s.get("Candidates"));
        assertEquals(String.format(Locale.ROOT, "%.1f min", run.elapsedMs() / 60000.0),
                s.get("Active time").split(" of ")[0]);
        LlmSpend spend = store.llmSpend(run.id());
        if (spend.exchanges() > 0) {
            String text = s.get("LLM spend");
            assertTrue(text.startsWith(spend.exchanges() + " exchanges (" + spend.failed() + " failed), "
                    + String.format(Locale.ROOT, "%,d", spend.tokens())), text);
            assertTrue(text.contains(String.format(Locale.ROOT, "%.4f USD", spend.usd())), text);
        }
        java.util.LinkedHashSet<String> tested = new java.util.LinkedHashSet<>();
        store.finalEvaluations(run.id()).forEach(f -> tested.add(f.candidateId()));
        assertEquals(tested.isEmpty() ? "not read yet (it is read once, when the run ends)" : String.join("; ",
                tested.stream().map(id -> byId.get(id).name() + " " + test(id)).toList()), s.get("Test split"));
        Element banner = html.select("#summary .banner").first();
        assertNotNull(banner, "the summary opens with its verdict");
        if (!trials.isEmpty() && ok == 0) {
            assertTrue(banner.hasClass("bad"), banner.outerHtml());
            assertTrue(banner.text().contains("every one of its " + trials.size() + " trials failed"), banner.text());
        }
    }

    private List<AssessmentRecord> overall() {
        return store.assessments(run.id()).stream().filter(a -> a.referenceKind().equals("overall")).toList();
    }

    private void discoveries() {
        List<AssessmentRecord> overall = overall();
        if (overall.isEmpty()) {
            assertTrue(html.getElementById("discoveries").text().contains("no discovery is claimed"));
            return;
        }
        List<List<String>> rows = table("discoveries");
        assertEquals(overall.size(), rows.size());
        for (AssessmentRecord a : overall) {
            List<String> row = rows.stream().filter(r -> r.get(0).equals(byId.get(a.candidateId()).name())).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + a.candidateId()));
            assertEquals(a.discovery() ? "discovery" : "not a discovery", row.get(1));
            assertEquals(Integer.toString(a.seeds()), row.get(2));
            String mean = a.mean() == null ? "" : pct(a.mean()) + (a.ciLow() == null ? ""
                    : " [" + pct(a.ciLow()) + ", " + pct(a.ciHigh()) + "]");
            assertEquals(mean, row.get(3));
            assertEquals(test(a.candidateId()), row.get(9));
            store.assessments(run.id()).stream().filter(b -> b.candidateId().equals(a.candidateId())
                    && b.referenceKind().equals("best_baseline")).findFirst().ifPresent(b ->
                    assertEquals(b.referenceMean() == null ? "" : pct(b.referenceMean()), row.get(7)));
        }
    }

    /** Screened candidates with costs: accuracy, params, MACs. */
    private Map<String, double[]> screened() {
        Map<String, double[]> out = new LinkedHashMap<>();
        screening.values().forEach(t -> {
            CandidateRecord c = byId.get(t.candidateId());
            if (t.succeeded() && c.params() != null && c.macs() != null) {
                out.put(c.id(), new double[] {t.valAccuracy(), c.params(), c.macs()});
            }
        });
        return out;
    }

    private static boolean dominates(double[] a, double[] b) {
        boolean noWorse = a[0] >= b[0] && a[1] <= b[1] && a[2] <= b[2];
        return noWorse && (a[0] > b[0] || a[1] < b[1] || a[2] < b[2]);
    }

    private void pareto() {
        Map<String, double[]> pts = screened();
        if (pts.isEmpty()) {
            assertTrue(html.select("#pareto svg").isEmpty());
            return;
        }
        assertEquals(1, html.select("#pareto svg").size());
        chartLabelled(html.select("#pareto svg").first(), "Trainable parameters (count, log scale)",
                "Validation accuracy (%)");
        Map<String, String> nameToId = new HashMap<>();
        byId.values().forEach(c -> nameToId.put(c.name(), c.id()));
        List<String> front = new ArrayList<>();
        for (List<String> row : table("pareto")) {
            String id = nameToId.get(row.get(0));
            double[] p = pts.get(id);
            assertNotNull(p, row.toString());
            assertEquals(pct(p[0]), row.get(2));
            assertEquals(String.format(Locale.ROOT, "%,d", (long) p[1]), row.get(3));
            assertEquals(String.format(Locale.ROOT, "%,d", (long) p[2]), row.get(4));
            front.add(id);
        }
        for (Map.Entry<String, double[]> e : pts.entrySet()) {
            boolean dominated = pts.values().stream().anyMatch(o -> dominates(o, e.getValue()));
            assertEquals(!dominated, front.contains(e.getKey()), "front membership of " + e.getKey());
        }
        assertEquals(pts.size(), html.select("#pareto svg circle").stream().filter(c -> !c.select("title").isEmpty())
                .count(), "one dot per screened candidate");
    }

    private static void chartLabelled(Element svg, String xTitle, String yTitle) {
        List<String> titles = svg.select("text.axis-title").eachText();
        assertEquals(List.of(xTitle, yTitle), titles);
        assertTrue(svg.select("text.tick").size() >= 4, "ticks on the axes");
    }

    private void progress() {
        double best = Double.NaN;
        for (TrialRecord t : screening.values()) {
            CandidateRecord c = byId.get(t.candidateId());
            if (t.succeeded() && c.params() != null && c.params() <= config.maxParams()) {
                best = Double.isNaN(best) ? t.valAccuracy() : Math.max(best, t.valAccuracy());
            }
        }
        Element s = html.getElementById("progress");
        if (Double.isNaN(best)) {
            return;
        }
        chartLabelled(s.select("svg").first(), "Trial number", "Validation accuracy (%)");
        assertTrue(s.text().contains("within the budget: " + pct(best) + ", first reached"), s.text());
    }

    private void lineage() {
        List<AssessmentRecord> found = overall().stream().filter(AssessmentRecord::discovery).toList();
        for (AssessmentRecord a : found) {
            List<CandidateRecord> chain = new ArrayList<>();
            for (CandidateRecord c = byId.get(a.candidateId()); c != null;
                    c = c.parentId() == null ? null : byId.get(c.parentId())) {
                chain.add(c);
            }
            Collections.reverse(chain);
            List<List<String>> rows = table("lineage-" + a.candidateId());
            assertEquals(chain.size(), rows.size());
            assertTrue(chain.get(0).parentId() == null, "the path starts at a seed");
            for (int i = 0; i < chain.size(); i++) {
                assertEquals(chain.get(i).name(), rows.get(i).get(1));
                TrialRecord mine = screening.get(chain.get(i).id());
                assertEquals(mine != null && mine.succeeded() ? pct(mine.valAccuracy()) : "", rows.get(i).get(5));
                if (i > 0) {
                    TrialRecord parent = screening.get(chain.get(i - 1).id());
                    String gain = mine != null && mine.succeeded() && parent != null && parent.succeeded()
                            ? String.format(Locale.ROOT, "%+.2f pp", 100 * (mine.valAccuracy() - parent.valAccuracy()))
                            : "";
                    assertEquals(gain, rows.get(i).get(6));
                }
            }
        }
    }

    private void failures() {
        Map<String, Integer> byKind = new HashMap<>();
        trials.stream().filter(t -> !t.succeeded()).forEach(t -> byKind.merge(t.outcome(), 1, Integer::sum));
        if (byKind.isEmpty()) {
            assertTrue(html.getElementById("failures").text().contains("No trial failed."));
            return;
        }
        Map<String, Integer> shown = new HashMap<>();
        table("failures").forEach(r -> shown.put(r.get(0), Integer.parseInt(r.get(1))));
        assertEquals(byKind, shown);
    }

    private void random() {
        java.util.function.Predicate<TrialRecord> within = t -> byId.get(t.candidateId()).params() != null
                && byId.get(t.candidateId()).params() <= config.maxParams();
        double[] random = screening.values().stream().filter(t -> t.succeeded() && within.test(t)
                && byId.get(t.candidateId()).proposer().equals("random")).mapToDouble(TrialRecord::valAccuracy)
                .toArray();
        double best = screening.values().stream().filter(t -> t.succeeded() && within.test(t)
                && !byId.get(t.candidateId()).proposer().equals("random")).mapToDouble(TrialRecord::valAccuracy).max()
                .orElse(Double.NaN);
        if (random.length == 0 || Double.isNaN(best)) {
            assertTrue(html.select("#table-random").isEmpty());
            return;
        }
        double mean = Stats.mean(random);
        Map<String, String> kv = keyValues("random");
        assertEquals(pct(best), kv.get("Best screened (not random)"));
        assertEquals(Integer.toString(random.length), kv.get("Random samples"));
        assertEquals(pct(mean), kv.get("Mean of random samples"));
        assertEquals(String.format(Locale.ROOT, "%+.2f%%", 100 * (best - mean) / mean), kv.get("RI"));
    }

    private void fidelity() {
        List<double[]> pairs = new ArrayList<>();
        for (TrialRecord t : screening.values()) {
            double[] promoted = trials.stream().filter(p -> p.fidelity() == TrialRecord.PROMOTED && p.succeeded()
                    && p.candidateId().equals(t.candidateId())).mapToDouble(TrialRecord::valAccuracy).toArray();
            if (t.succeeded() && promoted.length > 0) {
                pairs.add(new double[] {t.valAccuracy(), Stats.mean(promoted)});
            }
        }
        String text = html.getElementById("fidelity").text();
        if (pairs.size() < 3) {
            assertTrue(text.contains("no rank correlation"), text);
            return;
        }
        double rho = Stats.spearman(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                pairs.stream().mapToDouble(p -> p[1]).toArray());
        assertTrue(text.contains(String.format(Locale.ROOT, "accuracy: %.3f over %d candidates", rho, pairs.size())),
                text);
    }

    private void leaderboard() {
        List<TrialRecord> eligible = screening.values().stream().filter(t -> t.succeeded()
                && byId.get(t.candidateId()).params() != null
                && byId.get(t.candidateId()).params() <= config.maxParams()).toList();
        if (eligible.isEmpty()) {
            assertTrue(html.select("#table-leaderboard").isEmpty());
            return;
        }
        List<List<String>> rows = table("leaderboard");
        assertEquals(Math.min(20, eligible.size()), rows.size());
        double top = eligible.stream().mapToDouble(TrialRecord::valAccuracy).max().orElseThrow();
        assertEquals("1", rows.get(0).get(0));
        assertEquals(pct(top), rows.get(0).get(5));
        Map<String, String> nameToId = new HashMap<>();
        byId.values().forEach(c -> nameToId.put(c.name(), c.id()));
        for (List<String> r : rows) {
            assertEquals(test(nameToId.get(r.get(1))), r.get(7), "test column of " + r.get(1));
        }
        for (List<String> r : rows) {
            // shown with two decimals: a row may round up by half a hundredth of a point
            assertTrue(Double.parseDouble(r.get(5).replace("%", "")) <= 100 * top + 0.005 + 1e-9, r.toString());
        }
    }

    private void trialsTable() {
        if (trials.isEmpty()) {
            return;
        }
        List<List<String>> rows = table("trials");
        assertEquals(Math.min(500, trials.size()), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            TrialRecord t = trials.get(i);
            assertEquals(byId.get(t.candidateId()).name(), rows.get(i).get(1));
            assertEquals(t.outcome(), rows.get(i).get(5));
            assertEquals(t.valAccuracy() == null ? "" : pct(t.valAccuracy()), rows.get(i).get(7));
        }
    }

    private void llm() {
        LlmSpend spend = store.llmSpend(run.id());
        if (spend.exchanges() == 0) {
            return;
        }
        long exchanges = 0;
        long prompt = 0;
        for (List<String> r : table("llm")) {
            exchanges += Long.parseLong(r.get(1));
            prompt += Long.parseLong(r.get(3).replace(",", ""));
        }
        assertEquals(spend.exchanges(), exchanges);
        assertEquals(spend.promptTokens(), prompt);
    }

    private void reproducibility() {
        Element s = html.getElementById("reproducibility");
        Map<String, String> software = keyValues("software");
        try {
            JsonNode sw = JSON.readTree(run.softwareJson());
            for (Iterator<Map.Entry<String, JsonNode>> it = sw.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertEquals(e.getValue().asText(), software.get(e.getKey()), e.getKey());
            }
            JsonNode sums = JSON.readTree(run.dataChecksums());
            if (sums.size() > 0) {
                Map<String, String> shown = keyValues("checksums");
                sums.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(), shown.get(e.getKey())));
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String code = s.select("pre").eachText().toString();
        assertTrue(code.contains("--budget-params " + config.maxParams()) && code.contains("--seed " + run.seed()),
                code);
        assertTrue(code.contains("./archlab run --resume " + run.id()), code);
        for (AssessmentRecord a : overall()) {
            if (a.discovery()) {
                assertTrue(code.contains("./archlab export " + a.candidateId() + " --format pytorch"), code);
            }
        }
        Matcher seeds = Pattern.compile("trial seeds used: ([0-9, ]+|none)\\.").matcher(s.text());
        assertTrue(seeds.find(), s.text());
        String expected = trials.stream().map(TrialRecord::seed).distinct().sorted().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("none");
        assertEquals(expected, seeds.group(1));
        Element config = s.select("pre code.language-json").first();
        assertNotNull(config);
        assertEquals(RunConfig.fromJson(run.configJson()), RunConfig.fromJson(config.text()),
                "the configuration shown is the stored one");
    }

    /** The test accuracy the store has for {@code candidateId}'s models, as the report writes it. */
    String test(String candidateId) {
        double[] a = store.finalEvaluations(run.id()).stream().filter(f -> f.candidateId().equals(candidateId))
                .mapToDouble(FinalEvaluationRecord::testAccuracy).toArray();
        if (a.length <= 1) {
            return a.length == 0 ? "" : pct(a[0]);
        }
        io.archlab.evaluator.Interval ci = Stats.meanConfidenceInterval(a, 0.95);
        return pct(Stats.mean(a)) + " [" + pct(ci.lower()) + ", " + pct(ci.upper()) + "] (" + a.length + " models)";
    }
}
