package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final training ({@link RunConfig.Final}): what it trains, as a pure function of the run's
 * stored candidates and trials, so that a run killed during it resumes with the same finalists and
 * seeds. It begins once search has ended and nothing of the search is in flight; from then on the
 * search's trials no longer change, and neither do the finalists.
 */
final class FinalTraining {
    /** Kind of the event that marks its start (and that the search is over). */
    static final String EVENT = "final-training";
    /** The seed stream of final trials: the k-th seed is the same for every finalist. */
    static final int SEED_STREAM = 3;

    private static final Pattern ENDED = Pattern.compile("\\(search ended: ([A-Z_]+)\\)");

    private FinalTraining() {
    }

    /**
     * The finalists, in the order they are trained: the {@code candidates} proposals best by search
     * (the mean validation accuracy over all their promoted seeds first, then the screening's
     * single-seed accuracy of the others), within the parameter budget, then the best baseline.
     */
    static List<CandidateRecord> finalists(List<CandidateRecord> candidates, List<TrialRecord> trials,
            RunConfig config) {
        Map<String, CandidateRecord> byId = new HashMap<>();
        candidates.forEach(c -> byId.put(c.id(), c));
        Map<String, TrialRecord> screenings = TrialPlan.screenings(trials);
        Map<String, List<Double>> promoted = new HashMap<>();
        Map<String, Integer> promotedTrials = new HashMap<>();
        for (TrialRecord t : trials) {
            if (t.fidelity() == TrialRecord.PROMOTED) {
                promotedTrials.merge(t.candidateId(), 1, Integer::sum);
                if (t.succeeded()) {
                    promoted.computeIfAbsent(t.candidateId(), k -> new ArrayList<>()).add(t.valAccuracy());
                }
            }
        }
        int seeds = config.evaluation().seeds();
        List<Ranked> ranked = new ArrayList<>();
        for (TrialRecord s : screenings.values()) {
            CandidateRecord c = byId.get(s.candidateId());
            if (c == null || TrialPlan.isBaseline(c) || !s.succeeded() || c.params() == null
                    || c.params() > config.maxParams()) {
                continue;
            }
            List<Double> p = promoted.get(c.id());
            boolean complete = seeds > 0 && p != null && p.size() >= seeds
                    && promotedTrials.getOrDefault(c.id(), 0) >= seeds;
            double score = complete ? p.stream().mapToDouble(Double::doubleValue).average().orElseThrow()
                    : s.valAccuracy();
            ranked.add(new Ranked(c, complete, score));
        }
        ranked.sort(Comparator.comparing((Ranked r) -> !r.promoted()).thenComparing(r -> -r.score())
                .thenComparingInt(r -> r.candidate().ordinal()));
        List<CandidateRecord> out = new ArrayList<>();
        for (int i = 0; i < Math.min(config.finalTraining().candidates(), ranked.size()); i++) {
            out.add(ranked.get(i).candidate());
        }
        String baseline = TrialPlan.bestBaseline(new ArrayList<>(screenings.values()), byId);
        if (baseline != null) {
            out.add(byId.get(baseline));
        }
        return out;
    }

    private record Ranked(CandidateRecord candidate, boolean promoted, double score) {
    }

    /**
     * The final trials still due while {@code running} jobs are in flight: for each finalist in
     * turn, each of its seeds not yet trained. The k-th final trial of every finalist trains with
     * the same seed, so that finalists are compared seed for seed.
     */
    static List<TrialPlan.Job> due(List<CandidateRecord> finalists, List<TrialRecord> trials,
            List<TrialPlan.Job> running, RunConfig config) {
        Map<String, Integer> started = new HashMap<>();
        for (TrialRecord t : trials) {
            if (t.fidelity() == TrialRecord.FINAL) {
                started.merge(t.candidateId(), 1, Integer::sum);
            }
        }
        for (TrialPlan.Job j : running) {
            if (j.fidelity() == TrialRecord.FINAL) {
                started.merge(j.candidate().id(), 1, Integer::sum);
            }
        }
        List<TrialPlan.Job> out = new ArrayList<>();
        for (CandidateRecord c : finalists) {
            for (int k = started.getOrDefault(c.id(), 0); k < config.finalTraining().seeds(); k++) {
                out.add(new TrialPlan.Job(c, TrialRecord.FINAL, null, seed(config, k)));
            }
        }
        return out;
    }

    /** The seed of every finalist's {@code k}-th final trial. */
    static long seed(RunConfig config, int k) {
        return Seeds.derive(config.seed(), SEED_STREAM, k) & 0x7fffffffL;
    }

    /** Stores that search ended for {@code reason} and the final training begins, naming what it trains. */
    static void begin(Store store, String runId, RunConfig config, DiscoveryLoop.StopReason reason, long steps,
            LoopListener listener) {
        List<CandidateRecord> finalists = finalists(store.candidates(runId), store.trials(runId), config);
        RunConfig.Final f = config.finalTraining();
        String names = String.join(", ", finalists.stream().map(CandidateRecord::name).toList());
        String what = String.format(Locale.ROOT, "final training of %s: %d seeds each, %,d steps, %s (search "
                + "ended: %s)", names.isEmpty() ? "nothing (no candidate succeeded)" : names, f.seeds(), steps,
                f.recipeText(), reason.name());
        listener.info(what);
        store.addEvent(runId, EVENT, what);
    }

    /**
     * Why search ended, when the run's final training has begun (a resumed run continues it), else
     * null: search is still on.
     */
    static DiscoveryLoop.StopReason searchEnded(Store store, String runId) {
        for (EventRecord e : store.events(runId)) {
            if (EVENT.equals(e.kind())) {
                Matcher m = ENDED.matcher(e.message());
                return m.find() ? DiscoveryLoop.StopReason.valueOf(m.group(1)) : DiscoveryLoop.StopReason.MAX_TRIALS;
            }
        }
        return null;
    }
}
