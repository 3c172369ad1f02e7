package io.archlab.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.evaluator.Interval;
import io.archlab.evaluator.Stats;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.LineageEdge;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.ir.IrJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the LLM team is told about a candidate, beyond its name and score: what an LLM can act on
 * and evolution cannot. Its cost and where the cost sits (the largest layers); its screening with
 * steps, epochs, throughput and the training curve with its final slope; its multi-seed mean with
 * interval beside the run's noise floor; its hypothesis and whether it beat its own parent; and its
 * earlier children as "change → Δ accuracy". Every part is bounded (points, layers, children,
 * characters), so prompts stay the same size however long the run.
 */
final class Evidence {
    /** Curve points shown, evenly picked, the last always among them. */
    static final int CURVE_POINTS = 6;
    /** Layers shown, the largest by parameters. */
    static final int LAYERS = 6;
    /** Earlier children shown, the latest. */
    static final int CHILDREN = 6;
    /** Characters of one free-text field (a hypothesis, a change), cut at a sentence or word end. */
    static final int TEXT_CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final String runId;

    Evidence(Store store, String runId) {
        this.store = store;
        this.runId = runId;
    }

    /** A candidate in one line: name, proposer, cost and its screening result. */
    String line(CandidateRecord c) {
        return line(c, screening(store.trialsOf(c.id())));
    }

    private static String line(CandidateRecord c, TrialRecord s) {
        return String.format(Locale.ROOT, "%s (%s): params %s, MACs %s, %s", c.name(), c.proposer(), count(c.params()),
                count(c.macs()), s == null ? "not trained yet" : result(s));
    }

    /**
     * Everything known of {@code c}: cost by layer, screening and curve, seeds beside the run's
     * {@code noiseFloor} ({@link #noiseFloor()}), lineage, its children.
     */
    String full(CandidateRecord c, List<CandidateRecord> runCandidates, double noiseFloor) {
        List<TrialRecord> own = store.trialsOf(c.id());
        TrialRecord s = screening(own);
        StringBuilder b = new StringBuilder(line(c, s));
        String layers = layers(c);
        if (!layers.isEmpty()) {
            b.append("\nLargest layers: ").append(layers);
        }
        if (s != null && s.succeeded()) {
            b.append("\nScreening (one seed): ").append(training(s));
            String curve = curve(s);
            if (!curve.isEmpty()) {
                b.append("\nCurve (epoch: train loss / val loss / val acc): ").append(curve);
            }
        }
        b.append("\n").append(seeds(own, noiseFloor));
        if (c.hypothesis() != null) {
            b.append("\nIts hypothesis: ").append(clip(c.hypothesis(), TEXT_CHARS));
        }
        Double mine = accuracy(s);
        String vsParent = againstParent(c, mine, runCandidates);
        if (vsParent != null) {
            b.append("\n").append(vsParent);
        }
        String children = children(c, mine, runCandidates);
        b.append("\nIts earlier children (change → Δ validation accuracy vs it):")
                .append(children.isEmpty() ? " none yet" : "\n" + children);
        return b.toString();
    }

    /** The screening's training in figures: accuracy, steps, epochs, throughput, time. */
    static String training(TrialRecord t) {
        return String.format(Locale.ROOT, "validation accuracy %.4f after %s steps (%s epochs)%s%s", t.valAccuracy(),
                t.steps() == null ? "?" : String.format(Locale.ROOT, "%,d", t.steps()),
                t.epochs() == null ? "?" : String.format(Locale.ROOT, "%.2f", t.epochs()),
                t.samplesPerSecond() == null ? "" : String.format(Locale.ROOT, " at %,.0f samples/s",
                        t.samplesPerSecond()),
                t.trainSeconds() == null ? "" : String.format(Locale.ROOT, " in %.1f s", t.trainSeconds()));
    }

    /**
     * The curve at up to {@value #CURVE_POINTS} points and the slope of validation accuracy over its
     * last stretch, per epoch; empty without a curve.
     */
    static String curve(TrialRecord t) {
        List<double[]> pts = points(t.curveJson());
        if (pts.isEmpty()) {
            return "";
        }
        List<String> shown = new ArrayList<>();
        int n = pts.size();
        int k = Math.min(CURVE_POINTS, n);
        for (int i = 0; i < k; i++) {
            double[] p = pts.get(k == 1 ? n - 1 : (int) Math.round(i * (n - 1) / (double) (k - 1)));
            shown.add(String.format(Locale.ROOT, "%.2f: %.3f / %.3f / %.4f", p[0], p[1], p[2], p[3]));
        }
        String slope = "";
        if (n >= 2) {
            double[] a = pts.get(Math.max(0, n - 3));
            double[] z = pts.get(n - 1);
            if (z[0] > a[0]) {
                double perEpoch = (z[3] - a[3]) / (z[0] - a[0]);
                slope = String.format(Locale.ROOT, "; final slope %+.4f val acc per epoch (%s)", perEpoch,
                        perEpoch > 0.005 ? "still improving: more steps would likely help"
                                : perEpoch < -0.005 ? "falling: overfitting or unstable" : "flat");
            }
        }
        return String.join("; ", shown) + slope;
    }

    /** The multi-seed evidence in a candidate's trials ({@code own}), or its absence, beside the run's noise floor. */
    private static String seeds(List<TrialRecord> own, double floor) {
        double[] acc = own.stream().filter(t -> t.fidelity() == TrialRecord.PROMOTED && t.succeeded())
                .mapToDouble(TrialRecord::valAccuracy).toArray();
        String noise = Double.isNaN(floor) ? "the run has no multi-seed evidence yet, so a difference of one seed "
                + "may be noise" : String.format(Locale.ROOT, "the run's noise floor (median seed-to-seed standard "
                + "deviation) is %.4f", floor);
        if (acc.length < 2) {
            return "Seeds: screened with one seed only; " + noise + ".";
        }
        Interval ci = Stats.meanConfidenceInterval(acc, 0.95);
        return String.format(Locale.ROOT, "Seeds: promoted, %d seeds at more steps: mean %.4f, 95%% interval "
                + "[%.4f, %.4f]; %s.", acc.length, Stats.mean(acc), ci.lower(), ci.upper(), noise);
    }

    /** The median standard deviation over seeds of the run's promoted candidates, NaN without any. */
    double noiseFloor() {
        Map<String, List<Double>> bySeed = store.trials(runId).stream().filter(t -> t.fidelity() == TrialRecord.PROMOTED
                && t.succeeded()).collect(Collectors.groupingBy(TrialRecord::candidateId,
                Collectors.mapping(TrialRecord::valAccuracy, Collectors.toList())));
        List<Double> sds = new ArrayList<>();
        for (List<Double> v : bySeed.values()) {
            if (v.size() >= 2) {
                sds.add(Stats.standardDeviation(v.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        if (sds.isEmpty()) {
            return Double.NaN;
        }
        sds.sort(Double::compare);
        int n = sds.size();
        return n % 2 == 1 ? sds.get(n / 2) : (sds.get(n / 2 - 1) + sds.get(n / 2)) / 2;
    }

    /**
     * Whether {@code c}, screened at {@code mine}, beat its own parent at screening, or null for a
     * candidate without a screened parent.
     */
    private String againstParent(CandidateRecord c, Double mine, List<CandidateRecord> runCandidates) {
        CandidateRecord p = c.parentId() == null ? null : runCandidates.stream().filter(k -> k.id().equals(c.parentId()))
                .findFirst().orElse(null);
        Double theirs = p == null ? null : accuracy(screening(store.trialsOf(p.id())));
        if (mine == null || theirs == null) {
            return null;
        }
        double d = mine - theirs;
        return String.format(Locale.ROOT, "Against its own parent %s: %+.2f pp (%s).", p.name(), 100 * d,
                d > 0 ? "it beat its parent" : "it did not beat its parent");
    }

    /** The latest children of {@code c}, screened at {@code mine}: "name: change → Δ", at most {@value #CHILDREN}. */
    private String children(CandidateRecord c, Double mine, List<CandidateRecord> runCandidates) {
        List<CandidateRecord> kids = runCandidates.stream().filter(k -> c.id().equals(k.parentId())).toList();
        List<String> lines = new ArrayList<>();
        for (CandidateRecord k : kids.subList(Math.max(0, kids.size() - CHILDREN), kids.size())) {
            TrialRecord s = screening(store.trialsOf(k.id()));
            String outcome;
            if (s == null) {
                outcome = "not trained yet";
            } else if (!s.succeeded()) {
                outcome = s.outcome();
            } else {
                outcome = mine == null ? String.format(Locale.ROOT, "%.4f", s.valAccuracy())
                        : String.format(Locale.ROOT, "%+.2f pp", 100 * (s.valAccuracy() - mine));
            }
            String change = k.changeSummary() == null ? "?" : k.changeSummary();
            lines.add("- " + k.name() + ": " + clip(change, 160) + " → " + outcome);
        }
        if (kids.size() > CHILDREN) {
            lines.add(0, "(the latest " + CHILDREN + " of " + kids.size() + ")");
        }
        return String.join("\n", lines);
    }

    /** The structural change from {@code c}'s parent, as the lineage records it, or null. */
    String diffFromParent(CandidateRecord c) {
        return store.lineage(c.id()).stream().filter(e -> e.childId().equals(c.id())).map(LineageEdge::diffSummary)
                .findFirst().map(d -> clip(d, 800)).orElse(null);
    }

    /** The {@value #LAYERS} largest ops by parameters: "op [shape]: params, MACs"; empty without IR. */
    static String layers(CandidateRecord c) {
        if (c.irJson() == null) {
            return "";
        }
        Analysis a;
        try {
            a = StaticAnalyzer.analyze(IrJson.fromJson(c.irJson()), 1);
        } catch (RuntimeException e) {
            return "";   // an IR of an older version
        }
        List<Analysis.OpCost> ops = a.ops().stream().filter(o -> o.params() > 0 || o.macs() > 0)
                .sorted(Comparator.comparingLong(Analysis.OpCost::params).thenComparingLong(Analysis.OpCost::macs)
                        .reversed()).limit(LAYERS).toList();
        return ops.stream().map(o -> String.format(Locale.ROOT, "%s %s: %,d params, %,d MACs", o.op(), o.shape(),
                o.params(), o.macs())).collect(Collectors.joining("; ")) + String.format(Locale.ROOT,
                " (of %,d params and %,d MACs in %d ops)", a.params(), a.macs(), a.ops().size());
    }

    /** The screening among a candidate's trials, or null. */
    private static TrialRecord screening(List<TrialRecord> own) {
        return own.stream().filter(t -> t.fidelity() == TrialRecord.SCREENING).findFirst().orElse(null);
    }

    /** A screening's validation accuracy, null if it did not succeed (or there is none). */
    private static Double accuracy(TrialRecord screening) {
        return screening == null || !screening.succeeded() ? null : screening.valAccuracy();
    }

    static String result(TrialRecord t) {
        return t.succeeded() ? String.format(Locale.ROOT, "validation accuracy %.4f%s", t.valAccuracy(),
                t.latencyMs() == null ? "" : String.format(Locale.ROOT, ", latency %.2f ms", t.latencyMs()))
                : t.outcome() + " at " + t.failureStage() + ": " + clip(t.message(), TEXT_CHARS);
    }

    private static List<double[]> points(String curveJson) {
        List<double[]> out = new ArrayList<>();
        if (curveJson == null || curveJson.isBlank()) {
            return out;
        }
        try {
            for (JsonNode p : JSON.readTree(curveJson)) {
                out.add(new double[] {p.path("epoch").asDouble(), p.path("trainLoss").asDouble(),
                    p.path("valLoss").asDouble(), p.path("valAccuracy").asDouble()});
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    private static String count(Long n) {
        return n == null ? "?" : String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * {@code s} in at most {@code max} characters: whole, else cut after its last sentence that fits,
     * else after its last word that fits, marked with an ellipsis.
     */
    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        if (t.length() <= max) {
            return t;
        }
        String head = t.substring(0, max);
        int sentence = Math.max(Math.max(head.lastIndexOf(". "), head.lastIndexOf("! ")), head.lastIndexOf("? "));
        if (sentence >= max / 3) {
            return head.substring(0, sentence + 1) + " […]";
        }
        int word = head.lastIndexOf(' ');
        return (word >= max / 3 ? head.substring(0, word) : head) + " […]";
    }
}
