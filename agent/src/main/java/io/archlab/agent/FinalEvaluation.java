package io.archlab.agent;

import io.archlab.evaluator.FitnessFunction;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.Standings;
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
 * The one look at the test split, once selection is over. The selected candidate is the one with
 * the best mean validation accuracy over its promoted seeds (when the run promoted any candidate
 * with all its seeds), else the top of the screening leaderboard. Each of its trained models at the
 * selected fidelity is evaluated, so its test accuracy comes with as many seeds as it was trained
 * with; the best baseline's models at the same fidelity are evaluated too, as the reference.
 * Nothing that proposes, schedules or ranks reads these numbers.
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
        Map<String, List<TrialRecord>> promoted = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            if (t.fidelity() > 0 && t.succeeded()) {
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

    private static String summary(CandidateRecord c, List<Double> acc, int count) {
        double mean = acc.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return acc.size() == 1
                ? String.format(Locale.ROOT, "%s: test accuracy %.4f on %d examples", c.name(), mean, count)
                : String.format(Locale.ROOT, "%s: mean test accuracy %.4f over its %d promoted models (seeds) on %d "
                        + "examples", c.name(), mean, acc.size(), count);
    }
}
