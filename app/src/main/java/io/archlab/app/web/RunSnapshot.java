package io.archlab.app.web;

import io.archlab.agent.RunConfig;
import io.archlab.evaluator.BudgetedAccuracy;
import io.archlab.evaluator.Evaluated;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateSummary;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.TrialRecord;
import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the dashboard knows of one run at one moment, digested from its candidate summaries and
 * trials in one pass (sources, IR and curves are not kept): per-candidate figures, the ranking
 * (the same as {@code archlab status}: screening accuracy within the parameter budget), outcomes,
 * the best-so-far curve and the latest trials. Immutable; {@link RunSnapshots} caches it until the
 * run changes.
 */
public final class RunSnapshot {
    /** Screening points kept for the overview's scatter; more are thinned evenly. */
    static final int MAX_SCATTER = 2_000;
    /** Latest trials kept for the overview. */
    static final int RECENT_TRIALS = 20;

    /** How often an outcome occurred, at screening and in promoted re-trainings. */
    @TemplateData
    public record OutcomeCount(String outcome, int screening, int promoted) {
        public int total() {
            return screening + promoted;
        }
    }

    /** A point of a chart over trials. */
    @TemplateData
    public record Step(int trial, double value, String candidateId) {
    }

    /** One trial without its curve. */
    @TemplateData
    public record TrialLine(int ordinal, String candidateId, String candidateName, int fidelity, long seed,
            String outcome, String failureStage, String message, Double valAccuracy, Long steps, Double epochs,
            double totalSeconds, Double latencyMs, Long peakRssBytes, String worker, Instant finishedAt) {
        public boolean succeeded() {
            return "succeeded".equals(outcome);
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();

    /** Unique per snapshot: what caches derived from it are keyed by. */
    final long serial = SERIALS.incrementAndGet();
    final RunRecord run;
    final RunConfig config;
    /** Null when the run's stored configuration was read; else why its budgets are unknown. */
    final String configNote;
    final String fingerprint;
    final List<CandidateStats> candidates;
    final Map<String, CandidateStats> byId;
    final Map<String, List<CandidateStats>> children;
    final List<Leaderboard.Entry> board;
    final Map<String, Integer> rank;
    final List<OutcomeCount> outcomes;
    final List<Step> bestSoFar;
    final List<Step> screened;
    final List<TrialLine> recentTrials;
    final int trialCount;
    final int succeededTrials;
    /** The trials of the run's final training, in order (empty before it, or without one). */
    final List<TrialRecord> finalTrials;
    /** Why figures of one fidelity are not comparable (unequal steps), or null. */
    final String computeWarning;

    private RunSnapshot(RunRecord run, RunConfig config, String configNote, String fingerprint,
            List<CandidateStats> candidates,
            List<Leaderboard.Entry> board, List<OutcomeCount> outcomes, List<Step> bestSoFar, List<Step> screened,
            List<TrialLine> recentTrials, int trialCount, int succeededTrials, List<TrialRecord> finalTrials,
            String computeWarning) {
        this.run = run;
        this.config = config;
        this.configNote = configNote;
        this.fingerprint = fingerprint;
        this.candidates = List.copyOf(candidates);
        this.byId = new HashMap<>();
        this.children = new HashMap<>();
        for (CandidateStats c : candidates) {
            byId.put(c.id(), c);
            if (c.parentId() != null) {
                children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
            }
        }
        this.board = List.copyOf(board);
        this.rank = new HashMap<>();
        board.forEach(e -> rank.put(e.candidate().candidateId(), e.rank()));
        this.outcomes = List.copyOf(outcomes);
        this.bestSoFar = List.copyOf(bestSoFar);
        this.screened = List.copyOf(screened);
        this.recentTrials = List.copyOf(recentTrials);
        this.trialCount = trialCount;
        this.succeededTrials = succeededTrials;
        this.finalTrials = List.copyOf(finalTrials);
        this.computeWarning = computeWarning;
    }

    /** Digests a run's summaries and trials (trials in ordinal order). */
    static RunSnapshot of(RunRecord run, String fingerprint, List<CandidateSummary> summaries,
            List<TrialRecord> trials) {
        String note = null;
        RunConfig config;
        try {
            config = RunConfig.fromJson(run.configJson());
        } catch (RuntimeException e) {
            note = "its stored configuration could not be read (" + e.getMessage() + "): budgets are unknown, and "
                    + "every trained candidate is ranked";
            config = RunConfig.defaults().withBudgets(Math.max(1, trials.size()), 1, 1, Long.MAX_VALUE);
        }
        Map<String, CandidateSummary> sums = new HashMap<>();
        summaries.forEach(s -> sums.put(s.id(), s));
        Map<String, TrialRecord> screening = new HashMap<>();
        Map<String, double[]> promoted = new HashMap<>();     // count, succeeded, sum
        Map<String, String> lastFailure = new HashMap<>();
        Map<String, int[]> outcomeCounts = new LinkedHashMap<>();
        List<Evaluated> evaluated = new ArrayList<>();
        List<Step> best = new ArrayList<>();
        List<Step> screened = new ArrayList<>();
        int succeeded = 0;
        double bestSoFar = Double.NEGATIVE_INFINITY;
        List<TrialRecord> finalTrials = new ArrayList<>();
        Map<Integer, java.util.TreeSet<Long>> steps = new java.util.TreeMap<>();   // of succeeded trials, per fidelity
        for (TrialRecord t : trials) {
            if (t.succeeded() && t.steps() != null) {
                steps.computeIfAbsent(t.fidelity(), k -> new java.util.TreeSet<>()).add(t.steps());
            }
            outcomeCounts.computeIfAbsent(t.outcome(), k -> new int[2])[t.fidelity() == 0 ? 0 : 1]++;
            CandidateSummary c = sums.get(t.candidateId());
            if (t.succeeded()) {
                succeeded++;
            } else {
                lastFailure.put(t.candidateId(), t.outcome());
            }
            if (t.fidelity() == TrialRecord.FINAL) {
                finalTrials.add(t);
                continue;   // trained with the final recipe: shown beside the search's figures, never ranked with them
            }
            if (t.fidelity() == TrialRecord.PROMOTED) {
                double[] p = promoted.computeIfAbsent(t.candidateId(), k -> new double[3]);
                p[0]++;
                if (t.succeeded() && t.valAccuracy() != null) {
                    p[1]++;
                    p[2] += t.valAccuracy();
                }
                continue;
            }
            if (c == null || screening.putIfAbsent(t.candidateId(), t) != null) {
                continue;
            }
            evaluated.add(new Evaluated(c.id(), c.name(), c.ordinal(), c.params(), t.outcome(), t.valAccuracy()));
            if (t.succeeded() && t.valAccuracy() != null) {
                screened.add(new Step(t.ordinal(), t.valAccuracy(), c.id()));
                if (c.params() != null && c.params() <= config.maxParams() && t.valAccuracy() > bestSoFar) {
                    bestSoFar = t.valAccuracy();
                    best.add(new Step(t.ordinal(), bestSoFar, c.id()));
                }
            }
        }
        if (!best.isEmpty() && !trials.isEmpty()) {
            int last = trials.get(trials.size() - 1).ordinal();
            if (best.get(best.size() - 1).trial() < last) {
                Step top = best.get(best.size() - 1);
                best.add(new Step(last, top.value(), top.candidateId()));
            }
        }
        List<CandidateStats> stats = new ArrayList<>(summaries.size());
        for (CandidateSummary s : summaries) {
            TrialRecord t = screening.get(s.id());
            double[] p = promoted.get(s.id());
            stats.add(new CandidateStats(s.id(), s.ordinal(), s.name(), s.proposer(), s.parentId(), s.generation(),
                    s.params(), s.macs(), s.bestValAccuracy(), s.bestLatencyMs(), s.trials(),
                    t == null ? null : t.valAccuracy(), t == null ? null : t.outcome(), p == null ? 0 : (int) p[0],
                    p == null || p[1] == 0 ? null : p[2] / p[1], lastFailure.get(s.id())));
        }
        List<OutcomeCount> outcomes = new ArrayList<>();
        outcomeCounts.forEach((k, v) -> outcomes.add(new OutcomeCount(k, v[0], v[1])));
        outcomes.sort((a, b) -> a.outcome().equals("succeeded") ? -1 : b.outcome().equals("succeeded") ? 1
                : Integer.compare(b.total(), a.total()));
        List<TrialLine> recent = new ArrayList<>();
        for (TrialRecord t : trials.subList(Math.max(0, trials.size() - RECENT_TRIALS), trials.size())) {
            CandidateSummary c = sums.get(t.candidateId());
            recent.add(new TrialLine(t.ordinal(), t.candidateId(), c == null ? t.candidateId() : c.name(),
                    t.fidelity(), t.seed(), t.outcome(), t.failureStage(), t.message(), t.valAccuracy(), t.steps(), t.epochs(),
                    t.totalSeconds(), t.latencyMs(), t.peakRssBytes(), t.worker(), t.finishedAt()));
        }
        java.util.Collections.reverse(recent);
        List<Leaderboard.Entry> board = Leaderboard.rank(evaluated, new BudgetedAccuracy(config.maxParams()));
        return new RunSnapshot(run, config, note, fingerprint, stats, board, outcomes, best, thin(screened, best),
                recent, trials.size(), succeeded, finalTrials, computeWarning(steps));
    }

    /** At most {@link #MAX_SCATTER} points, evenly spread, keeping every improvement. */
    private static List<Step> thin(List<Step> points, List<Step> keep) {
        if (points.size() <= MAX_SCATTER) {
            return points;
        }
        Set<Integer> improvements = new HashSet<>();
        keep.forEach(s -> improvements.add(s.trial()));
        double stride = points.size() / (double) MAX_SCATTER;
        List<Step> out = new ArrayList<>();
        double next = 0;
        for (int i = 0; i < points.size(); i++) {
            if (i >= next || improvements.contains(points.get(i).trial())) {
                out.add(points.get(i));
                if (i >= next) {
                    next += stride;
                }
            }
        }
        return out;
    }

    /**
     * Why the run's figures of one fidelity are not comparable: its succeeded trials of that fidelity
     * trained different numbers of steps (runs stored by an older archlab, which budgeted trials in
     * seconds); null when every fidelity trained alike.
     */
    static String computeWarning(Map<Integer, java.util.TreeSet<Long>> stepsByFidelity) {
        List<String> unequal = new ArrayList<>();
        Map<Integer, String> names = Map.of(TrialRecord.SCREENING, "screenings", TrialRecord.PROMOTED,
                "promoted trials", TrialRecord.FINAL, "final trials");
        stepsByFidelity.forEach((fidelity, steps) -> {
            if (steps.size() > 1) {
                unequal.add(String.format(Locale.ROOT, "%s trained %,d to %,d steps",
                        names.getOrDefault(fidelity, "fidelity " + fidelity), steps.first(), steps.last()));
            }
        });
        return unequal.isEmpty() ? null : "Compared figures were trained with different compute (" + String.join("; ",
                unequal) + "): a difference between them may be the compute's, not the architecture's.";
    }

    /** Whether the run's budgets are known (its configuration was read). */
    boolean budgetsKnown() {
        return configNote == null;
    }

    /** Trained successfully within the run's parameter and MAC budgets (what may be ranked). */
    boolean feasible(CandidateStats c) {
        return c.succeeded() && c.params() != null && c.params() <= config.maxParams()
                && (config.maxMacs() <= 0 || c.macs() == null || c.macs() <= config.maxMacs());
    }

    /** The ranked best candidate (screening accuracy within the parameter budget), or null. */
    CandidateStats best() {
        return board.isEmpty() ? null : byId.get(board.get(0).candidate().candidateId());
    }

    CandidateStats candidate(String id) {
        return id == null ? null : byId.get(id);
    }

    List<CandidateStats> childrenOf(String id) {
        return children.getOrDefault(id, List.of());
    }

    /** Number of candidates (for the cache's weight). */
    int size() {
        return candidates.size();
    }
}
