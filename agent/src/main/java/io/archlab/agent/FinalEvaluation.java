package io.archlab.agent;

import io.archlab.evaluator.Cost;
import io.archlab.evaluator.Discovery;
import io.archlab.evaluator.FitnessFunction;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.Sample;
import io.archlab.evaluator.Significance;
import io.archlab.evaluator.Standings;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.train.HeldOutTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one look at the test split, once selection is over. After a final training
 * ({@link FinalTraining}) the selected candidate is the finalist with the best mean validation
 * accuracy over its final seeds, and it is judged against the best baseline trained with the same
 * final recipe, steps and seeds: both are evaluated on the test split and the difference is tested
 * ({@link Significance}; a {@link AssessmentRecord#FINAL_TEST} assessment). Without one, the
 * selected candidate is the one with the best mean validation accuracy over its promoted seeds
 * (when the run promoted any candidate with all its seeds), else the top of the screening
 * leaderboard. Each of its trained
 * models at the selected fidelity is evaluated, so its test accuracy comes with as many seeds as it
 * was trained with; the best baseline's models at the same fidelity are evaluated too, as the
 * reference. Nothing that proposes, schedules or ranks reads these numbers.
 */
final class FinalEvaluation {
    private FinalEvaluation() {
    }

    /** The candidate chosen for the test split and the trials whose models are evaluated. */
    record Selection(CandidateRecord candidate, List<TrialRecord> trials, CandidateRecord baseline,
            List<TrialRecord> baselineTrials) {
    }

    static Selection select(Store store, String runId, RunConfig config, FitnessFunction fitness) {
        List<CandidateRecord> candidates = store.candidates(runId);
        Map<String, CandidateRecord> byId = new HashMap<>();
        candidates.forEach(c -> byId.put(c.id(), c));
        List<TrialRecord> trials = store.trials(runId);
        Selection finals = selectFinal(candidates, trials, config);
        if (finals != null) {
            return finals;
        }
        Map<String, List<TrialRecord>> promoted = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            if (t.fidelity() == TrialRecord.PROMOTED && t.succeeded()) {
                promoted.computeIfAbsent(t.candidateId(), k -> new ArrayList<>()).add(t);
            }
        }
        int seeds = config.evaluation().seeds();
        CandidateRecord best = null;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<TrialRecord>> e : promoted.entrySet()) {
            CandidateRecord c = byId.get(e.getKey());
            if (seeds > 0 && e.getValue().size() >= seeds && c.params() != null && c.params() <= config.maxParams()) {
                double mean = e.getValue().stream().mapToDouble(TrialRecord::valAccuracy).average().orElseThrow();
                if (mean > bestMean) {
                    bestMean = mean;
                    best = c;
                }
            }
        }
        if (best != null) {
            String baseline = TrialPlan.bestBaseline(new ArrayList<>(TrialPlan.screenings(trials).values()), byId);
            CandidateRecord ref = baseline == null || baseline.equals(best.id()) || !promoted.containsKey(baseline)
                    ? null : byId.get(baseline);
            return new Selection(best, promoted.get(best.id()), ref, ref == null ? List.of() : promoted.get(ref.id()));
        }
        List<Leaderboard.Entry> board = Standings.leaderboard(store, runId, fitness);
        if (board.isEmpty()) {
            return null;
        }
        String id = board.get(0).candidate().candidateId();
        TrialRecord first = trials.stream().filter(t -> t.candidateId().equals(id) && t.succeeded()).findFirst()
                .orElseThrow();
        return new Selection(byId.get(id), List.of(first), null, List.of());
    }

    /**
     * The finalist with the best mean validation accuracy over its succeeded final trials and the
     * best baseline's final trials, or null when the run has no final trial that succeeded.
     */
    private static Selection selectFinal(List<CandidateRecord> candidates, List<TrialRecord> trials,
            RunConfig config) {
        Map<String, List<TrialRecord>> finals = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            if (t.fidelity() == TrialRecord.FINAL && t.succeeded()) {
                finals.computeIfAbsent(t.candidateId(), k -> new ArrayList<>()).add(t);
            }
        }
        if (finals.isEmpty()) {
            return null;
        }
        List<CandidateRecord> finalists = FinalTraining.finalists(candidates, trials, config);
        CandidateRecord best = null;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (CandidateRecord c : finalists) {
            List<TrialRecord> ts = finals.get(c.id());
            double mean = ts == null ? Double.NaN
                    : ts.stream().mapToDouble(TrialRecord::valAccuracy).average().orElseThrow();
            if (mean > bestMean) {
                bestMean = mean;
                best = c;
            }
        }
        if (best == null) {
            return null;
        }
        CandidateRecord baseline = finalists.get(finalists.size() - 1);
        boolean reference = TrialPlan.isBaseline(baseline) && !baseline.id().equals(best.id())
                && finals.containsKey(baseline.id());
        return new Selection(best, finals.get(best.id()), reference ? baseline : null,
                reference ? finals.get(baseline.id()) : List.of());
    }

    /** Selects, evaluates each selected model on the test split and stores one record per model. */
    static void run(Store store, String runId, RunConfig config, FitnessFunction fitness, HeldOutTest test,
            LoopListener listener) {
        Selection s = select(store, runId, config, fitness);
        if (s == null) {
            listener.info("no candidate succeeded within the budget: nothing to evaluate on the test split");
            return;
        }
        List<Double> selected = evaluate(store, runId, s.candidate(), s.trials(), test, listener);
        if (selected.isEmpty()) {
            return;
        }
        String what = summary(s.candidate(), selected, test.count());
        if (s.baseline() != null) {
            List<Double> ref = evaluate(store, runId, s.baseline(), s.baselineTrials(), test, listener);
            if (!ref.isEmpty()) {
                what += "; best baseline " + summary(s.baseline(), ref, test.count());
                if (s.trials().get(0).fidelity() == TrialRecord.FINAL) {
                    what += "; " + claim(store, runId, s, selected, ref);
                }
            }
        }
        listener.info("test split: " + what);
        store.addEvent(runId, "final", what);
    }

    private static List<Double> evaluate(Store store, String runId, CandidateRecord c, List<TrialRecord> trials,
            HeldOutTest test, LoopListener listener) {
        List<Double> out = new ArrayList<>();
        for (TrialRecord t : trials) {
            if (test.needsWeights() && (t.weightsPath() == null || !Files.isRegularFile(Path.of(t.weightsPath())))) {
                listener.info("weights of " + c.name() + " (trial " + (t.ordinal() + 1) + ") are missing: not "
                        + "evaluated on the test split");
                continue;
            }
            try {
                double acc = test.accuracy(IrJson.fromJson(c.irJson()),
                        t.weightsPath() == null ? null : Path.of(t.weightsPath()));
                store.saveFinalEvaluation(new FinalEvaluationRecord(runId, c.id(), t.id(), acc, test.count(),
                        Instant.now()));
                out.add(acc);
            } catch (IOException e) {
                listener.info("final evaluation of " + c.name() + " failed: " + e.getMessage());
                store.addEvent(runId, "final", "failed: " + c.name() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Judges the selected finalist against the best baseline on their test accuracies, both trained
     * with the final recipe, steps and seeds, and stores the verdict as the run's
     * {@link AssessmentRecord#FINAL_TEST} assessment.
     */
    private static String claim(Store store, String runId, Selection s, List<Double> selected, List<Double> ref) {
        CandidateRecord c = s.candidate();
        CandidateRecord b = s.baseline();
        Discovery d = new Significance().judge(new Sample(c.name(), selected, Cost.of(c.params(), c.macs())),
                new Sample(b.name(), ref, Cost.of(b.params(), b.macs())));
        String verdict = d.isDiscovery() ? "discovery" : "not_a_discovery";
        store.saveAssessment(new AssessmentRecord(runId, c.id(), b.id(), AssessmentRecord.FINAL_TEST, verdict,
                d.candidateSeeds(), finite(d.candidateMean()), d.candidateCi() == null ? null : d.candidateCi().lower(),
                d.candidateCi() == null ? null : d.candidateCi().upper(), finite(d.referenceMean()),
                finite(d.pValue()), "on the test split, both trained with the final recipe: " + d.reason(),
                Instant.now()));
        return (d.isDiscovery() ? "a discovery on the test split: " : "no discovery on the test split: ") + d.reason();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String summary(CandidateRecord c, List<Double> acc, int count) {
        double mean = acc.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return acc.size() == 1
                ? String.format(Locale.ROOT, "%s: test accuracy %.4f on %d examples", c.name(), mean, count)
                : String.format(Locale.ROOT, "%s: mean test accuracy %.4f over %d seeds on %d "
                        + "examples", c.name(), mean, acc.size(), count);
    }
}
