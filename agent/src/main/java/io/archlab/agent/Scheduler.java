package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.train.TrialRequest;
import java.util.List;

/**
 * What a run does next, decided from its stored state alone (a pure function: no clock, no store,
 * no runner), so that scheduling is tested in milliseconds and a resumed run decides as the
 * interrupted one would have. The jobs due come from {@link TrialPlan#due} in the order they are
 * owed; the first whose <em>expected</em> duration ({@link TrialCosts}) fits the time left, less
 * what the final phase needs, is run. A new proposal is made only when every stored candidate that
 * awaits its screening was started: a proposal is never preferred to a stored candidate that did
 * not fit. When nothing fits, the run stops on its time budget. Once search has ended, the final
 * training's trials ({@link FinalTraining}) are all that runs.
 */
final class Scheduler {
    /** What to do next. */
    sealed interface Decision permits Train, Propose, Stop {
    }

    /** Train {@code job} (a stored candidate) with {@code compute}; expected to take {@code expectedSeconds}. */
    record Train(TrialPlan.Job job, TrialRequest.Compute compute, double expectedSeconds) implements Decision {
    }

    /** Ask the proposer for a new candidate, whose screening is expected to take {@code expectedSeconds}. */
    record Propose(double expectedSeconds) implements Decision {
    }

    /** Start nothing more. */
    record Stop(DiscoveryLoop.StopReason reason) implements Decision {
    }

    /**
     * What the scheduler sees.
     *
     * @param running     the jobs in flight
     * @param secondsLeft the run's time budget less its active time so far
     * @param stopAsked   whether the run was asked to stop (a signal)
     * @param searchEnded why search ended once the final training has begun, else null
     */
    record State(List<CandidateRecord> candidates, List<TrialRecord> trials, List<TrialPlan.Job> running,
            double secondsLeft, boolean stopAsked, DiscoveryLoop.StopReason searchEnded) {
        State(List<CandidateRecord> candidates, List<TrialRecord> trials, List<TrialPlan.Job> running,
                double secondsLeft, boolean stopAsked) {
            this(candidates, trials, running, secondsLeft, stopAsked, null);
        }
    }

    private final RunConfig config;
    private final List<Long> marks;

    Scheduler(RunConfig config) {
        this.config = config;
        this.marks = config.evaluation().promotes()
                ? Rungs.marks(config.compute().steps(), config.evaluation().eta()) : List.of();
    }

    /** The steps at which screenings are measured and may be pruned (empty: none are). */
    List<Long> marks() {
        return marks;
    }

    Decision next(State s) {
        if (s.stopAsked()) {
            return new Stop(DiscoveryLoop.StopReason.INTERRUPTED);
        }
        if (s.searchEnded() != null) {
            return finalJob(s);
        }
        if (counted(s) >= config.maxTrials()) {
            return new Stop(DiscoveryLoop.StopReason.MAX_TRIALS);
        }
        TrialCosts costs = TrialCosts.of(config, s.candidates(), s.trials());
        double room = s.secondsLeft() - finalPhaseSeconds(s, costs);
        for (TrialPlan.Job job : TrialPlan.due(s.candidates(), s.trials(), config.evaluation(), s.running(), marks)) {
            double expected = costs.expectedSeconds(job.candidate(), job.fidelity());
            if (job.candidate() == null) {
                return expected <= room ? new Propose(expected) : new Stop(DiscoveryLoop.StopReason.TIME_BUDGET);
            }
            if (expected <= room) {
                return new Train(job, compute(costs, job), expected);
            }
            if (job.fidelity() == 0 && job.resumes() == null) {
                break;   // a stored candidate awaits its screening: no proposal before it
            }
        }
        return new Stop(DiscoveryLoop.StopReason.TIME_BUDGET);
    }

    /**
     * Whether a proposal is to be prepared while every slot is busy (so an LLM's latency overlaps
     * training): no stored candidate awaits its screening, and a screening would still fit.
     */
    boolean proposeAhead(State s) {
        if (s.stopAsked() || s.searchEnded() != null || counted(s) >= config.maxTrials()) {
            return false;
        }
        TrialCosts costs = TrialCosts.of(config, s.candidates(), s.trials());
        boolean queued = TrialPlan.due(s.candidates(), s.trials(), config.evaluation(), s.running(), marks).stream()
                .anyMatch(j -> j.candidate() != null && j.fidelity() == 0 && j.resumes() == null);
        return !queued && costs.expectedSeconds(null, 0) <= s.secondsLeft() - finalPhaseSeconds(s, costs);
    }

    /**
     * The final training's next trial in the order {@link FinalTraining#due} owes them, whatever the
     * time left (its time was kept while searching); when none is due, the run stops for the reason
     * search ended.
     */
    private Decision finalJob(State s) {
        List<TrialPlan.Job> due = FinalTraining.due(FinalTraining.finalists(s.candidates(), s.trials(), config),
                s.trials(), s.running(), config);
        if (due.isEmpty()) {
            return new Stop(s.searchEnded());
        }
        TrialCosts costs = TrialCosts.of(config, s.candidates(), s.trials());
        TrialPlan.Job job = due.get(0);
        return new Train(job, costs.compute(job.candidate(), job.fidelity()),
                costs.expectedSeconds(job.candidate(), job.fidelity()));
    }

    /**
     * The time kept for the final phase: the final training (each finalist's seeds, at its measured
     * throughput, over the run's parallel slots; the finalists as the search stands now, the
     * calibration's throughput for those still to come) and the evaluation of the selected
     * candidate's and the best baseline's models (one per seed) on the test split, each about a
     * trial's overhead; at most half the run's minutes (a final training longer than that overruns
     * them, and the run says so when it begins).
     */
    double finalPhaseSeconds(State s, TrialCosts costs) {
        RunConfig.Final f = config.finalTraining();
        int seeds = f.on() ? f.seeds() : Math.max(1, config.evaluation().seeds());
        double testing = 2.0 * seeds * costs.overheadSeconds();
        if (!f.on()) {
            return testing;
        }
        List<CandidateRecord> finalists = FinalTraining.finalists(s.candidates(), s.trials(), config);
        double longest = costs.expectedSeconds(null, TrialRecord.FINAL);
        double training = (f.candidates() + 1 - finalists.size()) * f.seeds() * longest;
        for (CandidateRecord c : finalists) {
            double one = costs.expectedSeconds(c, TrialRecord.FINAL);
            training += f.seeds() * one;
            longest = Math.max(longest, one);
        }
        // a final training longer than half the run is not kept whole: search would never start
        return Math.min(config.maxMinutes() * 30, Math.max(longest, training / config.parallel()) + testing);
    }

    /**
     * Trials that count against the trial budget: stored ones but pre-screened proposals and final
     * trials, and those in flight.
     */
    static int counted(State s) {
        long stored = s.trials().stream().filter(t -> !DiscoveryLoop.PRESCREENED.equals(t.outcome())
                && t.fidelity() != TrialRecord.FINAL).count();
        return (int) stored + (int) s.running().stream().filter(j -> j.fidelity() != TrialRecord.FINAL).count();
    }

    private TrialRequest.Compute compute(TrialCosts costs, TrialPlan.Job job) {
        TrialRequest.Compute c = costs.compute(job.candidate(), job.fidelity());
        return job.fidelity() == TrialRecord.SCREENING ? c.withRungs(marks) : c;
    }
}
