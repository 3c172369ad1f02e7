package io.archlab.agent;

import io.archlab.evaluator.SuccessiveHalving;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run trains next, as a pure function of its stored candidates and trials (so a resumed
 * run picks exactly what the interrupted one would have): first the re-trainings that successive
 * halving owes, then the pruned screenings that earned their resumption, then any stored candidate
 * not yet screened, else a new proposal.
 *
 * <p>Successive halving: candidates are screened once at fidelity 0 in the order they were
 * proposed. Each complete round of {@code roundSize} screenings promotes the best
 * {@code max(1, ⌊n / eta⌋)} of its {@code n} succeeded candidates ({@link SuccessiveHalving}) to fidelity 1, where each is trained with
 * {@code seeds} seeds, preceded by its references: the best baseline (in screening) and its
 * parent. A round is judged once, when complete; later rounds never demote earlier promotions.
 * Proposals skipped by the pre-screen count as screened but are left out of the rounds.
 */
public final class TrialPlan {
    /** Proposer name of the built-in baselines. */
    public static final String BASELINE = "baseline";
    /** Proposer name of the user's seed architectures: baselines too. */
    public static final String USER_SEED = "user";
    private TrialPlan() {
    }

    /**
     * A trial to run.
     *
     * @param candidate the candidate to train, or null for a new proposal
     * @param fidelity  {@link TrialRecord#SCREENING}, {@link TrialRecord#PROMOTED} or {@link TrialRecord#FINAL}
     * @param resumes   the pruned screening this one resumes (trained again with its seed), or null
     * @param seed      the seed it trains with, or null for the one of its trial's ordinal
     */
    public record Job(CandidateRecord candidate, int fidelity, TrialRecord resumes, Long seed) {
        public Job(CandidateRecord candidate, int fidelity) {
            this(candidate, fidelity, null);
        }

        /** A job that resumes {@code resumes} (null: none) with its seed. */
        public Job(CandidateRecord candidate, int fidelity, TrialRecord resumes) {
            this(candidate, fidelity, resumes, resumes == null ? null : resumes.seed());
        }
    }

    public static Job next(List<CandidateRecord> candidates, List<TrialRecord> trials,
            RunConfig.Evaluation evaluation) {
        return next(candidates, trials, evaluation, List.of());
    }

    /** The first of {@link #due} without rungs. */
    public static Job next(List<CandidateRecord> candidates, List<TrialRecord> trials,
            RunConfig.Evaluation evaluation, List<Job> running) {
        return due(candidates, trials, evaluation, running, List.of()).get(0);
    }

    /**
     * The trials due while {@code running} jobs are in flight, in the order they are owed: the
     * promoted trials successive halving owes, then the pruned screenings that are now among the
     * best of their rung (highest rung first; see {@link Rungs}), then each stored candidate not yet
     * screened, and last a new proposal (never missing). Jobs in flight count as done for what they
     * claim (a screening, one seed), but a promotion round is judged on finished screenings only.
     *
     * @param marks the steps of the screenings' rungs (empty when screenings are not pruned)
     */
    public static List<Job> due(List<CandidateRecord> candidates, List<TrialRecord> trials,
            RunConfig.Evaluation evaluation, List<Job> running, List<Long> marks) {
        List<Job> out = new ArrayList<>();
        Map<String, CandidateRecord> byId = new HashMap<>();
        candidates.forEach(c -> byId.put(c.id(), c));
        Map<String, TrialRecord> screening = screenings(trials);
        Set<String> busy = new java.util.HashSet<>();
        for (Job j : running) {
            if (j.fidelity() == 0) {
                busy.add(j.candidate().id());
            }
        }
        if (evaluation.promotes()) {
            Map<String, Integer> promotedTrials = new HashMap<>();
            for (TrialRecord t : trials) {
                if (t.fidelity() == TrialRecord.PROMOTED) {
                    promotedTrials.merge(t.candidateId(), 1, Integer::sum);
                }
            }
            for (Job j : running) {
                if (j.fidelity() == TrialRecord.PROMOTED) {
                    promotedTrials.merge(j.candidate().id(), 1, Integer::sum);
                }
            }
            for (String id : promoted(screening, byId, evaluation)) {
                if (promotedTrials.getOrDefault(id, 0) < evaluation.seeds()) {
                    out.add(new Job(byId.get(id), 1));
                }
            }
        }
        for (TrialRecord t : Rungs.resumable(screening, marks, evaluation.eta())) {
            if (!busy.contains(t.candidateId()) && byId.containsKey(t.candidateId())) {
                out.add(new Job(byId.get(t.candidateId()), 0, t));
            }
        }
        for (CandidateRecord c : candidates) {
            if (!screening.containsKey(c.id()) && !busy.contains(c.id())) {
                out.add(new Job(c, 0));
            }
        }
        out.add(new Job(null, 0));
        return out;
    }

    /**
     * The screening of each candidate: its latest fidelity-0 trial (a resumed screening replaces the
     * pruned one), in the order candidates were first screened.
     */
    public static Map<String, TrialRecord> screenings(List<TrialRecord> trials) {
        Map<String, TrialRecord> out = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            if (t.fidelity() == 0) {
                out.put(t.candidateId(), t);
            }
        }
        return out;
    }

    /**
     * Candidates owed fidelity-1 trials, in the order they are due: for each complete round, the
     * best baseline, then each promoted candidate's parent and the candidate itself.
     */
    public static Set<String> promoted(Map<String, TrialRecord> screening, Map<String, CandidateRecord> byId,
            RunConfig.Evaluation evaluation) {
        // a proposal the pre-screen kept from training is screened (never queued again) but no
        // contender: rounds are made of the screenings that ran, so each still holds roundSize of them
        List<TrialRecord> order = new ArrayList<>(screening.values());
        order.removeIf(t -> DiscoveryLoop.PRESCREENED.equals(t.outcome()));
        Set<String> out = new LinkedHashSet<>();
        int rounds = order.size() / evaluation.roundSize();
        SuccessiveHalving rule = new SuccessiveHalving(1, evaluation.eta());
        String bestBaseline = bestBaseline(order, byId);
        for (int r = 0; r < rounds; r++) {
            List<SuccessiveHalving.RungScore> round = order.subList(r * evaluation.roundSize(),
                    (r + 1) * evaluation.roundSize()).stream()
                    .map(t -> new SuccessiveHalving.RungScore(t.candidateId(), t.succeeded() ? t.valAccuracy() : Double.NaN))
                    .toList();
            List<SuccessiveHalving.RungScore> best = rule.promote(round);
            if (best.isEmpty()) {
                continue;
            }
            if (bestBaseline != null) {
                out.add(bestBaseline);
            }
            for (SuccessiveHalving.RungScore s : best) {
                CandidateRecord c = byId.get(s.candidateId());
                TrialRecord parentScreen = c == null || c.parentId() == null ? null : screening.get(c.parentId());
                if (parentScreen != null && parentScreen.succeeded()) {
                    out.add(c.parentId());
                }
                out.add(s.candidateId());
            }
        }
        return out;
    }

    /** Best validation accuracy first; ties go to the earlier trial. */
    static final Comparator<TrialRecord> BY_SCORE = Comparator
            .comparing((TrialRecord t) -> -t.valAccuracy()).thenComparingInt(TrialRecord::ordinal);

    public static boolean isBaseline(CandidateRecord c) {
        return BASELINE.equals(c.proposer()) || USER_SEED.equals(c.proposer());
    }

    /** The baseline with the best screening score, or null. */
    static String bestBaseline(List<TrialRecord> screenings, Map<String, CandidateRecord> byId) {
        return screenings.stream().filter(TrialRecord::succeeded)
                .filter(t -> byId.containsKey(t.candidateId())
                        && isBaseline(byId.get(t.candidateId())))
                .sorted(BY_SCORE).map(TrialRecord::candidateId).findFirst().orElse(null);
    }
}
