package io.archlab.app.web;

import io.archlab.agent.RunConfig;
import io.archlab.evaluator.Interval;
import io.archlab.evaluator.Stats;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's final training as the overview shows it: each finalist's search figures (its promoted
 * mean over seeds, else its single-seed screening) beside its final ones (validation and test,
 * with intervals over seeds), and the verdict on the selected one against the best baseline.
 */
final class FinalTrainings {
    private FinalTrainings() {
    }

    /**
     * The final training of a run.
     *
     * @param recipe what every final trial trained with, in words, with its steps and seeds
     * @param rows   one per finalist, in the order they were trained
     * @param claim  the verdict on the selected finalist against the best baseline on the test split, or null
     */
    @TemplateData
    public record Final(String recipe, List<Row> rows, String claim) {
    }

    /**
     * A finalist.
     *
     * @param role   {@code selected}, {@code best baseline} or {@code finalist}
     * @param search its search figure, labelled ({@code promoted mean of 3 seeds} or {@code single seed})
     * @param val    its final validation accuracy, labelled with its seeds
     * @param test   its final test accuracy, labelled with its seeds, or {@code not read} (neither selected nor
     *               the baseline)
     * @param steps  the steps of its final trials
     */
    @TemplateData
    public record Row(String candidateId, String name, String role, String search, String val, String test,
            String steps) {
    }

    /** The final training of the run {@code s} shows, or null when it has none (yet). */
    static Final of(Store store, RunSnapshot s) {
        if (s.finalTrials.isEmpty()) {
            return null;
        }
        Map<String, List<TrialRecord>> byCandidate = new LinkedHashMap<>();
        s.finalTrials.forEach(t -> byCandidate.computeIfAbsent(t.candidateId(), k -> new ArrayList<>()).add(t));
        List<FinalEvaluationRecord> tests = store.finalEvaluations(s.run.id());
        AssessmentRecord claim = store.assessments(s.run.id()).stream()
                .filter(a -> AssessmentRecord.FINAL_TEST.equals(a.referenceKind())).findFirst().orElse(null);
        List<Row> rows = new ArrayList<>();
        byCandidate.forEach((id, trials) -> {
            CandidateStats c = s.candidate(id);
            double[] test = tests.stream().filter(e -> e.candidateId().equals(id))
                    .mapToDouble(FinalEvaluationRecord::testAccuracy).toArray();
            boolean baseline = c != null && io.archlab.agent.TrialPlan.BASELINE.equals(c.proposer())
                    || c != null && io.archlab.agent.TrialPlan.USER_SEED.equals(c.proposer());
            boolean selected = claim != null ? claim.candidateId().equals(id)
                    : test.length > 0 && (!baseline || testedCandidates(tests) == 1);
            String search = c == null ? "" : c.promotedMean() != null
                    ? TemplateSupport.pct(c.promotedMean()) + " promoted mean of " + c.promotedTrials() + " seeds"
                    : c.screeningAccuracy() != null ? TemplateSupport.pct(c.screeningAccuracy()) + " single seed" : "";
            double[] val = trials.stream().filter(TrialRecord::succeeded).mapToDouble(TrialRecord::valAccuracy)
                    .toArray();
            String steps = String.join(", ", trials.stream().map(TrialRecord::steps).filter(n -> n != null)
                    .distinct().map(n -> String.format(Locale.ROOT, "%,d", n)).toList());
            rows.add(new Row(id, c == null ? id : c.name(), selected ? "selected" : baseline ? "best baseline"
                    : "finalist", search, seeds(val), test.length == 0 ? "not read" : seeds(test), steps));
        });
        RunConfig.Final f = s.config.finalTraining();
        String recipe = f.recipeText() + ", " + f.seeds() + " seeds each";
        String verdict = claim == null ? null : claim.reason();
        return new Final(recipe, rows, verdict);
    }

    private static long testedCandidates(List<FinalEvaluationRecord> tests) {
        return tests.stream().map(FinalEvaluationRecord::candidateId).distinct().count();
    }

    /** {@code 92.10% [91.50%, 92.70%] over 3 seeds}; {@code failed} for none. */
    private static String seeds(double[] v) {
        if (v.length == 0) {
            return "failed";
        }
        if (v.length == 1) {
            return TemplateSupport.pct(v[0]) + " (1 seed)";
        }
        Interval ci = Stats.meanConfidenceInterval(v, 0.95);
        return TemplateSupport.pct(Stats.mean(v)) + " [" + TemplateSupport.pct(ci.lower()) + ", "
                + TemplateSupport.pct(ci.upper()) + "] over " + v.length + " seeds";
    }
}
