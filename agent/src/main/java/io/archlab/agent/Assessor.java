package io.archlab.agent;

import io.archlab.evaluator.Cost;
import io.archlab.evaluator.Discovery;
import io.archlab.evaluator.Judgement;
import io.archlab.evaluator.Sample;
import io.archlab.evaluator.Significance;
import io.archlab.evaluator.SuccessiveHalving;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges promoted candidates once they and their references have all their seeds: against the best
 * baseline and against the parent ({@link Significance}), and records each verdict, plus an
 * {@code overall} one that says whether the candidate is a discovery. Also records how well the
 * screening fidelity predicted the promoted one (Spearman rank correlation).
 */
final class Assessor {
    static final String OVERALL = "overall";

    private Assessor() {
    }

    static void assess(Store store, String runId, RunConfig.Evaluation ev, LoopListener listener) {
        List<CandidateRecord> candidates = store.candidates(runId);
        List<TrialRecord> trials = store.trials(runId);
        Map<String, CandidateRecord> byId = new HashMap<>();
        candidates.forEach(c -> byId.put(c.id(), c));
        Map<String, Integer> promotedTrials = new HashMap<>();
        Map<String, List<Double>> accuracies = new HashMap<>();
        for (TrialRecord t : trials) {
            if (t.fidelity() == TrialRecord.PROMOTED) {
                promotedTrials.merge(t.candidateId(), 1, Integer::sum);
                if (t.succeeded()) {
                    accuracies.computeIfAbsent(t.candidateId(), k -> new ArrayList<>()).add(t.valAccuracy());
                }
            }
        }
        String baseline = TrialPlan.bestBaseline(new ArrayList<>(TrialPlan.screenings(trials).values()), byId);
        if (baseline == null || promotedTrials.getOrDefault(baseline, 0) < ev.seeds()) {
            return;
        }
        Set<String> judged = new HashSet<>();
        store.assessments(runId).stream().filter(a -> OVERALL.equals(a.referenceKind()))
                .forEach(a -> judged.add(a.candidateId()));
        Significance rule = new Significance();
        boolean newVerdict = false;
        for (CandidateRecord c : candidates) {
            if (TrialPlan.isBaseline(c) || judged.contains(c.id()) || promotedTrials.getOrDefault(c.id(), 0) < ev.seeds()) {
                continue;
            }
            String parent = c.parentId();
            if (parent != null && promotedTrials.getOrDefault(parent, 0) < ev.seeds()) {
                continue;
            }
            Judgement j = rule.judge(sample(c, accuracies), parent == null ? null : sample(byId.get(parent), accuracies),
                    sample(byId.get(baseline), accuracies));
            Instant now = Instant.now();
            store.saveAssessment(record(runId, j.vsBaseline(), "best_baseline", now));
            if (j.vsParent() != null) {
                store.saveAssessment(record(runId, j.vsParent(), "parent", now));
            }
            Discovery b = j.vsBaseline();
            store.saveAssessment(new AssessmentRecord(runId, c.id(), c.id(), OVERALL,
                    j.isDiscovery() ? "discovery" : "not_a_discovery", b.candidateSeeds(), finite(b.candidateMean()),
                    b.candidateCi() == null ? null : b.candidateCi().lower(),
                    b.candidateCi() == null ? null : b.candidateCi().upper(), finite(b.referenceMean()),
                    finite(b.pValue()), j.reason(), now));
            store.addEvent(runId, j.isDiscovery() ? "discovery" : "assessed", c.name() + ": " + j.reason());
            listener.info(c.name() + ": " + j.reason());
            newVerdict = true;
        }
        if (newVerdict) {
            fidelityCorrelation(store, runId, trials, accuracies);
        }
    }

    private static Sample sample(CandidateRecord c, Map<String, List<Double>> accuracies) {
        return new Sample(c.id(), accuracies.getOrDefault(c.id(), List.of()), Cost.of(c.params(), c.macs()));
    }

    private static AssessmentRecord record(String runId, Discovery d, String kind, Instant at) {
        return new AssessmentRecord(runId, d.candidateId(), d.referenceId(), kind, d.verdict().name().toLowerCase(Locale.ROOT),
                d.candidateSeeds(), finite(d.candidateMean()), d.candidateCi() == null ? null : d.candidateCi().lower(),
                d.candidateCi() == null ? null : d.candidateCi().upper(), finite(d.referenceMean()), finite(d.pValue()),
                d.reason(), at);
    }

    /** Spearman correlation of screening scores and promoted means over every candidate with both. */
    private static void fidelityCorrelation(Store store, String runId, List<TrialRecord> trials,
            Map<String, List<Double>> accuracies) {
        List<SuccessiveHalving.RungScore> low = new ArrayList<>();
        List<SuccessiveHalving.RungScore> high = new ArrayList<>();
        for (TrialRecord t : TrialPlan.screenings(trials).values()) {
            List<Double> a = accuracies.get(t.candidateId());
            if (t.succeeded() && a != null && !a.isEmpty()) {
                low.add(new SuccessiveHalving.RungScore(t.candidateId(), t.valAccuracy()));
                high.add(new SuccessiveHalving.RungScore(t.candidateId(),
                        a.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
            }
        }
        if (low.size() >= 3) {
            SuccessiveHalving.FidelityCorrelation r = SuccessiveHalving.rankCorrelation(low, high);
            store.addEvent(runId, "fidelity", String.format(Locale.ROOT,
                    "rank correlation of screening and promoted scores: Spearman %.3f over %d candidates",
                    r.spearman(), r.candidates()));
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
