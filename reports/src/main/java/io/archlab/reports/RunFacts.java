package io.archlab.reports;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.agent.RunConfig;
import io.archlab.agent.RunSummaries;
import io.archlab.agent.RunSummary;
import io.archlab.agent.TrialPlan;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.Pareto;
import io.archlab.evaluator.RelativeImprovement;
import io.archlab.evaluator.SuccessiveHalving;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Embedded;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.LineageEdge;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.LlmSpend;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import java.util.ArrayList;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a run's report says, read from the store in one go and derived from it: no number in
 * a report is typed in by hand. Both renderers ({@link HtmlReport}, {@link MarkdownReport}) read
 * only this.
 */
public final class RunFacts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHECK = Pattern.compile("^(.*?): ([a-z_]+) at ([A-Z_]+): (.*)$", Pattern.DOTALL);

    final RunRecord run;
    final RunConfig config;
    final RunSummary summary;
    final List<CandidateRecord> candidates;
    final Map<String, CandidateRecord> byId = new HashMap<>();
    final List<TrialRecord> trials;
    final Map<String, TrialRecord> screenings;
    /** Mean validation accuracy over each candidate's successful promoted (fidelity ≥ 1) trials. */
    private final Map<String, Double> promotedMeans = new HashMap<>();
    final List<Leaderboard.Entry> board;
    final List<FinalEvaluationRecord> finals;
    final List<AssessmentRecord> assessments;
    final Map<String, LineageEdge> parentEdges = new HashMap<>();
    final List<Embedded<InsightRecord>> insights;
    final List<LlmExchangeRecord> exchanges;
    final LlmSpend spend;
    final List<EventRecord> events;

    private RunFacts(Store store, RunRecord run) {
        this.run = run;
        this.config = RunConfig.fromJson(run.configJson());
        this.summary = RunSummaries.of(store, run);
        this.candidates = store.candidates(run.id());
        candidates.forEach(c -> byId.put(c.id(), c));
        this.trials = store.trials(run.id());
        this.screenings = TrialPlan.screenings(trials);
        Map<String, double[]> sums = new HashMap<>();
        for (TrialRecord t : trials) {
            if (t.fidelity() == TrialRecord.PROMOTED && t.succeeded()) {
                double[] sum = sums.computeIfAbsent(t.candidateId(), k -> new double[2]);
                sum[0] += t.valAccuracy();
                sum[1]++;
            }
        }
        sums.forEach((id, sum) -> promotedMeans.put(id, sum[0] / sum[1]));
        this.board = RunSummaries.leaderboard(store, run);
        this.finals = store.finalEvaluations(run.id());
        this.assessments = store.assessments(run.id());
        for (LineageEdge e : store.lineageOfRun(run.id())) {
            parentEdges.putIfAbsent(e.childId() + "\u0000" + e.parentId(), e);
        }
        this.insights = store.insights(run.id());
        this.exchanges = store.llmExchanges(run.id());
        this.spend = store.llmSpend(run.id());
        this.events = store.events(run.id());
    }

    /** The facts of {@code runId}; fails if the store has no such run. */
    public static RunFacts of(Store store, String runId) {
        RunRecord run = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        return new RunFacts(store, run);
    }

    CandidateRecord candidate(String id) {
        return byId.get(id);
    }

    long succeededTrials() {
        return trials.stream().filter(TrialRecord::succeeded).count();
    }

    /** True when the run has trials and not one of them trained (a pruned screening trained, in part). */
    boolean failedEntirely() {
        return !trials.isEmpty() && succeededTrials() == 0 && prunedTrials().isEmpty();
    }

    double trainingSeconds() {
        return trials.stream().mapToDouble(TrialRecord::totalSeconds).sum();
    }

    /** The compute each trial was given, in words. */
    String computeText() {
        RunConfig.Compute k = config.compute();
        String rest = ", batch " + config.batchSize() + ", learning rate " + config.learningRate();
        if (k == null || !k.decided()) {
            return "up to " + Fmt.plain(config.trialSeconds()) + " s and " + config.maxEpochs() + " epochs of training "
                    + "per trial (a time budget: trials trained different numbers of steps)" + rest;
        }
        long promoted = Math.max(1, Math.round(k.steps() * config.evaluation().fidelityFactor()));
        String last = config.finalTraining().on() ? String.format(Locale.ROOT, ", %,d per final trial",
                Math.max(1, Math.round(k.steps() * config.finalTraining().factor()))) : "";
        return String.format(Locale.ROOT, "%,d optimiser steps per screening%s, %,d per promoted trial%s%s; this "
                + "machine's median throughput on the baselines: %.1f steps/s", k.steps(), k.epochs() > 0 ? " ("
                + k.epochs() + " epochs)" : "", promoted, last, rest, k.stepsPerSecond());
    }

    /**
     * A warning when trials compared with each other (the succeeded trials of one fidelity) trained
     * different numbers of steps, naming them; null when every comparison had equal compute.
     */
    String computeWarning() {
        Map<Integer, String> names = Map.of(TrialRecord.SCREENING, "screening", TrialRecord.PROMOTED,
                "promoted trials", TrialRecord.FINAL, "final training");
        java.util.Map<Integer, java.util.TreeMap<Long, Integer>> byFidelity = new java.util.TreeMap<>();
        for (TrialRecord t : trials) {
            if (t.succeeded() && t.steps() != null) {
                byFidelity.computeIfAbsent(t.fidelity(), k -> new java.util.TreeMap<>()).merge(t.steps(), 1,
                        Integer::sum);
            }
        }
        List<String> unequal = new ArrayList<>();
        byFidelity.forEach((fidelity, steps) -> {
            if (steps.size() > 1) {
                unequal.add(names.get(fidelity) + ": " + steps.entrySet().stream()
                        .map(e -> e.getValue() + " trained " + String.format(Locale.ROOT, "%,d", e.getKey()) + " steps")
                        .collect(Collectors.joining(", ")));
            }
        });
        return unequal.isEmpty() ? null : "Compared figures were trained with different compute (" + String.join("; ",
                unequal) + "): a difference between them may be the compute's, not the architecture's.";
    }

    /** What proposed the run's candidates, in words. */
    String proposerText() {
        switch (config.proposer()) {
            case "llm":
                return "built-in baselines, then the LLM proposer (researcher, engineer, analyst)";
            case "hybrid":
                return "built-in baselines, then the LLM proposer (researcher, engineer, analyst) for one proposal in "
                        + "three and the offline evolutionary proposer tuning its designs for the others";
            case "random":
                return "built-in baselines, then random samples of the search space";
            default:
                return "built-in baselines, then the offline evolutionary proposer";
        }
    }

    /** The run's model as {@code provider:model}, or null when it used none. */
    String modelText() {
        return config.llm() == null ? null : config.llm().provider() + ":" + config.llm().model();
    }

    /** The candidate's models evaluated on the test split (one per seed it was selected with), maybe none. */
    List<FinalEvaluationRecord> finalsOf(String candidateId) {
        return finals.stream().filter(f -> f.candidateId().equals(candidateId)).toList();
    }

    /**
     * A model of the final training: its candidate, whether it was selected (else the best baseline
     * or another finalist), its final trials and its models' test accuracies (the selected one's and
     * the baseline's only).
     */
    record Finalist(CandidateRecord candidate, boolean selected, boolean baseline, List<TrialRecord> trials,
            List<FinalEvaluationRecord> test) {
        /** Mean validation accuracy over its succeeded final trials, or null. */
        Double valMean() {
            return trials.stream().filter(TrialRecord::succeeded).mapToDouble(TrialRecord::valAccuracy).average()
                    .stream().boxed().findFirst().orElse(null);
        }
    }

    /** The finalists in the order they were trained (empty when the run had no final training). */
    List<Finalist> finalists() {
        Map<String, List<TrialRecord>> byCandidate = new java.util.LinkedHashMap<>();
        trials.stream().filter(t -> t.fidelity() == TrialRecord.FINAL)
                .forEach(t -> byCandidate.computeIfAbsent(t.candidateId(), k -> new ArrayList<>()).add(t));
        AssessmentRecord claim = finalClaim();
        java.util.Set<String> tested = new java.util.HashSet<>();
        finals.forEach(x -> tested.add(x.candidateId()));
        List<Finalist> out = new ArrayList<>();
        byCandidate.forEach((id, ts) -> {
            CandidateRecord c = byId.get(id);
            boolean baseline = io.archlab.agent.TrialPlan.isBaseline(c);
            boolean selected = claim != null ? claim.candidateId().equals(id) : tested.contains(id)
                    && (!baseline || tested.size() == 1);
            out.add(new Finalist(c, selected, baseline, ts, finalsOf(id)));
        });
        return out;
    }

    /** The verdict on the selected finalist against the best baseline on the test split, or null. */
    AssessmentRecord finalClaim() {
        return assessments.stream().filter(a -> AssessmentRecord.FINAL_TEST.equals(a.referenceKind())).findFirst()
                .orElse(null);
    }

    /** A candidate judged by the significance test, with its verdicts against each reference. */
    record Judged(CandidateRecord candidate, AssessmentRecord overall, AssessmentRecord vsParent,
            AssessmentRecord vsBaseline, List<FinalEvaluationRecord> test) {
    }

    /** Every judged candidate, discoveries first, then by mean validation accuracy. */
    List<Judged> judged() {
        List<Judged> out = new ArrayList<>();
        for (AssessmentRecord a : assessments) {
            if (!"overall".equals(a.referenceKind())) {
                continue;
            }
            AssessmentRecord parent = assessment(a.candidateId(), "parent");
            AssessmentRecord baseline = assessment(a.candidateId(), "best_baseline");
            if (baseline == null && parent != null) {
                // verdicts are stored per (candidate, reference): when the parent is the best baseline,
                // the one stored verdict answers both
                baseline = parent;
            }
            out.add(new Judged(byId.get(a.candidateId()), a, parent, baseline, finalsOf(a.candidateId())));
        }
        out.sort((x, y) -> x.overall().discovery() != y.overall().discovery() ? (x.overall().discovery() ? -1 : 1)
                : Double.compare(mean(y.overall()), mean(x.overall())));
        return out;
    }

    List<Judged> discoveries() {
        return judged().stream().filter(j -> j.overall().discovery()).toList();
    }

    private static double mean(AssessmentRecord a) {
        return a.mean() == null ? Double.NEGATIVE_INFINITY : a.mean();
    }

    private AssessmentRecord assessment(String candidateId, String kind) {
        return assessments.stream().filter(a -> a.candidateId().equals(candidateId) && kind.equals(a.referenceKind()))
                .findFirst().orElse(null);
    }

    /** A candidate's mean validation accuracy over its promoted (fidelity ≥ 1) successful trials, or null. */
    Double promotedMean(String candidateId) {
        return promotedMeans.get(candidateId);
    }

    /**
     * One step of a lineage path.
     *
     * @param screening the candidate's screening accuracy, or null if it did not train
     * @param gain      screening accuracy minus the parent's, or null (first step, or either failed)
     */
    record Step(CandidateRecord candidate, String diff, Double screening, Double gain, Double promotedMean) {
    }

    /** The path from the candidate's seed (a baseline) to the candidate, seed first. */
    List<Step> path(String candidateId) {
        List<CandidateRecord> chain = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CandidateRecord c = byId.get(candidateId); c != null && seen.add(c.id());
                c = c.parentId() == null ? null : byId.get(c.parentId())) {
            chain.add(c);
        }
        Collections.reverse(chain);
        List<Step> out = new ArrayList<>();
        Double previous = null;
        for (int i = 0; i < chain.size(); i++) {
            CandidateRecord c = chain.get(i);
            Double acc = screeningAccuracy(c.id());
            Double gain = i > 0 && acc != null && previous != null ? acc - previous : null;
            LineageEdge edge = c.parentId() == null ? null : parentEdges.get(c.id() + "\u0000" + c.parentId());
            out.add(new Step(c, edge == null ? null : edge.diffSummary(), acc, gain, promotedMean(c.id())));
            previous = acc;
        }
        return out;
    }

    Double screeningAccuracy(String candidateId) {
        TrialRecord t = screenings.get(candidateId);
        return t != null && t.succeeded() ? t.valAccuracy() : null;
    }

    /**
     * One screening trial on the best-so-far chart.
     *
     * @param trial     its trial number (1-based, in the run's order)
     * @param accuracy  its validation accuracy
     * @param bestSoFar the best validation accuracy of the screenings so far within the parameter budget
     */
    record Progress(int trial, double accuracy, double bestSoFar, boolean withinBudget, String candidate) {
    }

    List<Progress> progress() {
        List<Progress> out = new ArrayList<>();
        double best = Double.NaN;
        for (TrialRecord t : screenings.values()) {
            if (!t.succeeded()) {
                continue;
            }
            CandidateRecord c = byId.get(t.candidateId());
            boolean within = c.params() != null && c.params() <= config.maxParams();
            if (within && (Double.isNaN(best) || t.valAccuracy() > best)) {
                best = t.valAccuracy();
            }
            out.add(new Progress(t.ordinal() + 1, t.valAccuracy(), best, within, c.name()));
        }
        return out;
    }

    /** A screened candidate with its costs; {@code front}: non-dominated on accuracy, params and MACs. */
    record Point(CandidateRecord candidate, double accuracy, long params, long macs, boolean front,
            boolean paramFront) {
    }

    List<Point> points() {
        List<CandidateRecord> cs = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        for (TrialRecord t : screenings.values()) {
            CandidateRecord c = byId.get(t.candidateId());
            if (t.succeeded() && c.params() != null && c.macs() != null) {
                cs.add(c);
                xs.add(new double[] {t.valAccuracy(), c.params(), c.macs()});
            }
        }
        if (xs.isEmpty()) {
            return List.of();
        }
        java.util.Set<Integer> front3 = new java.util.HashSet<>(Pareto.of(Pareto.Objective.maximise("accuracy"),
                Pareto.Objective.minimise("params"), Pareto.Objective.minimise("MACs")).front(xs));
        java.util.Set<Integer> front2 = new java.util.HashSet<>(Pareto.of(Pareto.Objective.maximise("accuracy"),
                Pareto.Objective.minimise("params")).front(xs.stream().map(p -> new double[] {p[0], p[1]}).toList()));
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            out.add(new Point(cs.get(i), xs.get(i)[0], (long) xs.get(i)[1], (long) xs.get(i)[2], front3.contains(i),
                    front2.contains(i)));
        }
        return out;
    }

    /** Failed trials of one kind. */
    record FailureKind(String kind, int count, TreeSet<String> stages, String example, int candidates) {
    }

    /** Outcome of a screening stopped early at a rung: no failure, a weaker candidate. */
    static final String PRUNED = "pruned";

    /** The screenings stopped early at a rung, in trial order. */
    List<TrialRecord> prunedTrials() {
        return trials.stream().filter(t -> PRUNED.equals(t.outcome())).toList();
    }

    /** Failed trials grouped by their typed outcome, most frequent first; pruned screenings did not fail. */
    List<FailureKind> failures() {
        Map<String, List<TrialRecord>> byKind = new TreeMap<>();
        for (TrialRecord t : trials) {
            if (!t.succeeded() && !PRUNED.equals(t.outcome())) {
                byKind.computeIfAbsent(t.outcome(), k -> new ArrayList<>()).add(t);
            }
        }
        List<FailureKind> out = new ArrayList<>();
        byKind.forEach((kind, ts) -> {
            TreeSet<String> stages = new TreeSet<>();
            ts.forEach(t -> stages.add(t.failureStage() == null ? "?" : t.failureStage()));
            out.add(new FailureKind(kind, ts.size(), stages, ts.get(0).message(),
                    (int) ts.stream().map(TrialRecord::candidateId).distinct().count()));
        });
        out.sort((a, b) -> Integer.compare(b.count(), a.count()));
        return out;
    }

    /** Failures the pre-training checks caught (LLM proposals), by kind, from the run's check events. */
    Map<String, Integer> checkFailures() {
        Map<String, Integer> out = new TreeMap<>();
        for (EventRecord e : events) {
            if ("check".equals(e.kind())) {
                Matcher m = CHECK.matcher(e.message());
                out.merge(m.matches() ? m.group(2) : e.message().contains("near-duplicate") ? "near_duplicate"
                        : "other", 1, Integer::sum);
            }
        }
        return out;
    }

    /** A candidate that is a repair of a failed one, or reached training only after repairs. */
    record Repair(CandidateRecord candidate, String what, String outcome) {
    }

    List<Repair> repairs() {
        List<Repair> out = new ArrayList<>();
        for (CandidateRecord c : candidates) {
            String s = c.changeSummary() == null ? "" : c.changeSummary();
            String what = null;
            if (s.startsWith("repair of ")) {
                what = s;
            } else {
                Matcher m = Pattern.compile("\\(after (\\d+) repair\\(s\\), (\\d+) revision\\(s\\)\\)").matcher(s);
                if (m.find()) {
                    what = m.group(0).substring(1, m.group(0).length() - 1) + " before training";
                }
            }
            if (what != null) {
                TrialRecord t = screenings.get(c.id());
                out.add(new Repair(c, what, t == null ? "not trained yet" : t.outcome()));
            }
        }
        return out;
    }

    /**
     * The best screened candidate that is not a random sample against the run's random samples,
     * both within the parameter budget (the same space and the same screening budget).
     */
    Optional<RelativeImprovement> overRandom() {
        double[] random = randomAccuracies();
        double best = screenings.values().stream().filter(t -> t.succeeded() && withinBudget(t)
                && !"random".equals(byId.get(t.candidateId()).proposer())).mapToDouble(TrialRecord::valAccuracy)
                .max().orElse(Double.NaN);
        return random.length > 0 && Double.isFinite(best) ? Optional.of(RelativeImprovement.of(best, random))
                : Optional.empty();
    }

    double[] randomAccuracies() {
        return screenings.values().stream().filter(t -> t.succeeded() && withinBudget(t)
                && "random".equals(byId.get(t.candidateId()).proposer())).mapToDouble(TrialRecord::valAccuracy)
                .toArray();
    }

    private boolean withinBudget(TrialRecord t) {
        Long params = byId.get(t.candidateId()).params();
        return params != null && params <= config.maxParams();
    }

    /** Spearman correlation of screening accuracy and promoted mean over every candidate with both. */
    SuccessiveHalving.FidelityCorrelation fidelityCorrelation() {
        List<SuccessiveHalving.RungScore> low = new ArrayList<>();
        List<SuccessiveHalving.RungScore> high = new ArrayList<>();
        for (TrialRecord t : screenings.values()) {
            Double m = promotedMean(t.candidateId());
            if (t.succeeded() && m != null) {
                low.add(new SuccessiveHalving.RungScore(t.candidateId(), t.valAccuracy()));
                high.add(new SuccessiveHalving.RungScore(t.candidateId(), m));
            }
        }
        return SuccessiveHalving.rankCorrelation(low, high);
    }

    /** The per-role totals of the run's LLM exchanges. */
    record RoleSpend(String role, int exchanges, int failed, long promptTokens, long completionTokens, double usd,
            double medianLatencySeconds) {
    }

    List<RoleSpend> llmByRole() {
        Map<String, List<LlmExchangeRecord>> byRole = new TreeMap<>();
        exchanges.forEach(x -> byRole.computeIfAbsent(x.role(), k -> new ArrayList<>()).add(x));
        List<RoleSpend> out = new ArrayList<>();
        byRole.forEach((role, r) -> {
            double[] lat = r.stream().mapToDouble(LlmExchangeRecord::latencyMs).sorted().toArray();
            out.add(new RoleSpend(role, r.size(), (int) r.stream().filter(k -> k.error() != null).count(),
                    r.stream().mapToLong(k -> k.promptTokens() == null ? 0 : k.promptTokens()).sum(),
                    r.stream().mapToLong(k -> k.completionTokens() == null ? 0 : k.completionTokens()).sum(),
                    r.stream().mapToDouble(k -> k.costUsd() == null ? 0 : k.costUsd()).sum(),
                    lat[lat.length / 2] / 1000));
        });
        return out;
    }

    /** Trial seeds used, ascending. */
    TreeSet<Long> seeds() {
        TreeSet<Long> out = new TreeSet<>();
        trials.forEach(t -> out.add(t.seed()));
        return out;
    }

    /** A stored JSON object as ordered key-value pairs; a value that is not an object comes back under "value". */
    static Map<String, String> flat(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> m = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v instanceof String s ? s : String.valueOf(v)));
            return out;
        } catch (java.io.IOException | RuntimeException e) {
            return Map.of("value", json);
        }
    }

    /** The run's configuration as indented JSON. */
    String configPretty() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(run.configJson()));
        } catch (java.io.IOException e) {
            return run.configJson();
        }
    }

    /** The command that starts a new run with this run's settings. */
    String rerunCommand() {
        StringBuilder b = new StringBuilder("./archlab run --task ").append(config.task());
        if (config.dataDir() != null) {
            b.append(" --data ").append(config.dataDir());
        }
        b.append(" --max-trials ").append(config.maxTrials())
                .append(" --max-minutes ").append(Fmt.plain(config.maxMinutes()))
                .append(" --trial-seconds ").append(Fmt.plain(config.trialSeconds()));
        if (config.compute() != null && config.compute().steps() > 0) {
            b.append(" --trial-steps ").append(config.compute().steps());   // the same compute, on any machine
        }
        b.append(" --budget-params ").append(config.maxParams());
        if (config.maxMacs() > 0) {
            b.append(" --budget-macs ").append(config.maxMacs());
        }
        if (config.maxPeakBytes() > 0) {
            b.append(" --budget-memory ").append(config.maxPeakBytes());
        }
        b.append(" --max-epochs ").append(config.maxEpochs()).append(" --batch-size ").append(config.batchSize())
                .append(" --learning-rate ").append(config.learningRate());
        if (config.seqLen() > 0) {
            b.append(" --seq-len ").append(config.seqLen());
        }
        if (config.vocab() > 0) {
            b.append(" --vocab ").append(config.vocab());
        }
        RunConfig.Evaluation ev = config.evaluation();
        b.append(" --seeds ").append(ev.seeds()).append(" --eta ").append(ev.eta())
                .append(" --round-size ").append(ev.roundSize())
                .append(" --fidelity-factor ").append(Fmt.plain(ev.fidelityFactor()));
        if (ev.randomSamples() > 0) {
            b.append(" --random-samples ").append(ev.randomSamples());
        }
        RunConfig.Final fin = config.finalTraining();
        b.append(" --final-candidates ").append(fin.candidates());
        if (fin.on()) {
            b.append(" --final-seeds ").append(fin.seeds()).append(" --final-factor ").append(Fmt.plain(fin.factor()))
                    .append(" --final-recipe ").append(fin.recipeSpec());
        }
        b.append(" --proposer ").append(config.proposer());
        if (config.llm() != null) {
            b.append(" --llm ").append(modelText());
            if (config.llm().baseUrl() != null) {
                b.append(" --llm-base-url ").append(config.llm().baseUrl());
            }
        }
        if (config.parallel() > 1) {
            b.append(" --parallel ").append(config.parallel());
        }
        if (config.prescreen() != null) {
            b.append(" --prescreen ").append(config.prescreen());
        }
        if (config.nb201Dataset() != null) {
            b.append(" --nb201-dataset ").append(config.nb201Dataset());
        }
        if (config.latencyTable() != null) {
            b.append(" --latency-table ").append(config.latencyTable()).append(" --device ").append(config.device())
                    .append(" --max-latency-ms ").append(Fmt.plain(config.maxLatencyMs()));
        }
        return b.append(" --seed ").append(run.seed()).toString();
    }
}
