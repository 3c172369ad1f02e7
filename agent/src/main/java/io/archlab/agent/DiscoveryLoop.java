package io.archlab.agent;

import io.archlab.agent.evolution.NoParentException;
import io.archlab.agent.evolution.RandomSampler;
import io.archlab.agent.llm.LlmStopException;
import io.archlab.evaluator.BudgetedAccuracy;
import io.archlab.evaluator.Constraints;
import io.archlab.evaluator.Evaluated;
import io.archlab.evaluator.FitnessFunction;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.ScalarFitness;
import io.archlab.evaluator.Standings;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.knowledge.notes.Embedder;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.HeldOutTest;
import io.archlab.sandbox.train.TrialRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The discovery loop of one run: the built-in baselines first, then proposals, each trained,
 * scored and stored, until the trial or time budget is spent. It carries out what the
 * {@link Scheduler} decides, with a {@link TrialExecutor}. Every finished trial is committed
 * with the time it cost before the next begins, and proposals are a function of the stored state
 * and the run's seed, so a run killed at any point resumes where it stopped: no finished trial is
 * redone or lost. Once selection is over, the best candidate is evaluated on the held-out test split.
 */
public final class DiscoveryLoop {
    static final int PROPOSAL_STREAM = 1;
    static final int TRAINING_STREAM = 2;

    private final Store store;
    private final TrialRunner runner;
    private final Proposer proposer;
    private final LoopListener listener;
    private final TrialExecutor executor;
    private final LongSupplier clock;
    /** Released whenever a trial ends or a stop is asked: what the loop waits on. */
    private final Semaphore wakeUp = new Semaphore(0);
    private Embedder embedder;
    private volatile boolean stopRequested;
    private long checkpoint;
    private long startedNanos;
    private int startedCounted;

    public DiscoveryLoop(Store store, TrialRunner runner, Proposer proposer, Path runsDir, LoopListener listener) {
        this(store, runner, proposer, runsDir, listener, null);
    }

    /**
     * @param prescreener judges proposals by a zero-cost proxy before they are trained, or null to
     *                    train every proposal that passes the checks
     */
    public DiscoveryLoop(Store store, TrialRunner runner, Proposer proposer, Path runsDir, LoopListener listener,
            Prescreener prescreener) {
        this(store, runner, proposer, runsDir, listener, prescreener, System::nanoTime);
    }

    /** @param clock the run's clock in nanoseconds (a fake one in tests of the scheduling) */
    DiscoveryLoop(Store store, TrialRunner runner, Proposer proposer, Path runsDir, LoopListener listener,
            Prescreener prescreener, LongSupplier clock) {
        this.store = store;
        this.runner = runner;
        this.proposer = proposer;
        this.listener = listener;
        this.clock = clock;
        this.executor = new TrialExecutor(store, runner, prescreener, runsDir, new Novelty(store, this::embedder));
    }

    /** The embedding model, loaded on first use (only candidates with a hypothesis need it). */
    private synchronized Embedder embedder() {
        if (embedder == null) {
            embedder = new Embedder();
        }
        return embedder;
    }

    /** Why the loop stopped. */
    public enum StopReason {
        MAX_TRIALS(false), TIME_BUDGET(false), NO_PROPOSAL(false), LLM_BUDGET(false), LLM_UNAVAILABLE(true),
        /** {@link FailedProposals#LIMIT} proposals in a row failed. */
        PROPOSALS_FAILED(true),
        INTERRUPTED(true);

        private final boolean resumable;

        StopReason(boolean resumable) {
            this.resumable = resumable;
        }

        /** Whether the run is left interrupted, to be resumed, rather than completed. */
        public boolean resumable() {
            return resumable;
        }
    }

    /** Outcome code of a proposal the pre-screen kept from training. */
    static final String PRESCREENED = FailureKind.PRESCREENED.name().toLowerCase(java.util.Locale.ROOT);
    /** Outcome code of a screening stopped early at a rung ({@link Rungs}). */
    static final String PRUNED = FailureKind.PRUNED.name().toLowerCase(java.util.Locale.ROOT);

    /** A trial in flight; {@code result} completes when it ends. */
    private record Running(TrialPlan.Job job, int ordinal, CompletableFuture<TrialRecord> result) {
    }

    /**
     * Asks the loop to stop as soon as it can (a signal): no further trial starts, trials in flight
     * are abandoned unless they succeed before the loop sees them, and the run is left interrupted.
     */
    public void requestStop() {
        stopRequested = true;
        wakeUp.release();
    }

    /**
     * Runs trials of {@code runId} until a budget is spent, then evaluates the best candidate on the
     * held-out test split and marks the run completed. What runs next is the {@link Scheduler}'s
     * decision; the {@link TrialExecutor} runs it. Up to {@code config.parallel()} trials train at
     * once (more when the runner has more slots: a cluster's members), and while they train the next
     * proposal is prepared from the finished trials (so an LLM's latency overlaps training). With one
     * trial at a time the sequence of proposals and trials is a function of the stored state, so a
     * resumed run continues exactly. The test split is not passed on to anything that proposes,
     * schedules or ranks.
     */
    public StopReason execute(String runId, RunConfig config, HeldOutTest test) {
        FitnessFunction fitness = new BudgetedAccuracy(config.maxParams());
        Scheduler scheduler = new Scheduler(config);
        double budgetSeconds = config.maxMinutes() * 60;
        checkpoint = clock.getAsLong();
        startedNanos = checkpoint;
        List<TrialRecord> done = store.trials(runId);
        int nextOrdinal = done.isEmpty() ? 0 : done.get(done.size() - 1).ordinal() + 1;
        // proposals the pre-screen kept from training do not count against the trial budget
        int skipped = (int) done.stream().filter(t -> PRESCREENED.equals(t.outcome())).count();
        startedCounted = done.size() - skipped;
        List<Running> running = new ArrayList<>();
        // A runner that knows its capacity (a cluster's slots) may train more at once than --parallel.
        ExecutorService trainers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "archlab-trial");
            t.setDaemon(true);
            return t;
        });
        StopReason reason = null;
        StopReason searchEnded = FinalTraining.searchEnded(store, runId);   // set: resumed in the final training
        if (done.isEmpty()) {
            warnOfALongFinalTraining(runId, config, budgetSeconds);
        }
        int abandoned = 0;
        FailedProposals failures = new FailedProposals(store, runId, listener);
        try {
            while (true) {
                while (reason == null && running.size() < parallel(config)) {
                    Scheduler.Decision d = scheduler.next(state(runId, running, budgetSeconds, searchEnded));
                    if (d instanceof Scheduler.Stop stop) {
                        reason = stop.reason();
                        break;
                    }
                    if (d instanceof Scheduler.Propose) {
                        ProposalOutcome proposed = tryPropose(runId, config, fitness, failures, !running.isEmpty());
                        if (proposed.stop() != null) {
                            reason = proposed.stop();
                        }
                        if (proposed.waitForTrials()) {
                            break;   // nothing to build on yet: perhaps once the trials in flight are in
                        }
                        continue;   // the new candidate is due next (or ask again)
                    }
                    Scheduler.Train t = (Scheduler.Train) d;
                    TrialPlan.Job job = t.job();
                    int ordinal = nextOrdinal++;
                    listener.trialStarted(ordinal, config.maxTrials(), job.candidate());
                    boolean screen = executor.prescreens(job, skipped, config);
                    CompletableFuture<TrialRecord> result = CompletableFuture.supplyAsync(
                            () -> executor.train(runId, ordinal, job, config, t.compute(), screen), trainers);
                    result.whenComplete((r, e) -> wakeUp.release());
                    running.add(new Running(job, ordinal, result));
                }
                if (running.isEmpty()) {
                    if (searchEnded == null && reason != null && !reason.resumable() && !stopRequested
                            && config.finalTraining().on()) {
                        // search is over and nothing of it is in flight: the finalists are settled
                        searchEnded = reason;
                        reason = null;
                        store.addEvent(runId, "stopped", stopped(searchEnded, config, budgetSeconds, runId));
                        FinalTraining.begin(store, runId, config, searchEnded,
                                TrialCosts.of(config, List.of(), List.of()).steps(TrialRecord.FINAL), listener);
                        continue;
                    }
                    break;
                }
                if (reason == null && scheduler.proposeAhead(state(runId, running, budgetSeconds, searchEnded))) {
                    // the next proposal, while the trials train
                    ProposalOutcome proposed = tryPropose(runId, config, fitness, failures, true);
                    if (proposed.stop() != null) {
                        reason = proposed.stop();
                    }
                }
                Running finished = awaitAny(running, config, reason == null && !stopRequested);
                if (finished == null) {
                    continue;   // asked to stop, or more slots than trials in flight (a member joined)
                }
                running.remove(finished);
                TrialRecord trial;
                try {
                    trial = finished.result().join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw new IllegalStateException("a trial failed outside the sandbox: " + e.getCause(),
                            e.getCause());
                }
                if (stopRequested && !trial.succeeded()) {
                    abandoned++;   // most likely killed by the stop itself: trained again on resume
                    continue;
                }
                long now = clock.getAsLong();
                store.recordTrial(trial, (now - checkpoint) / 1_000_000);
                checkpoint = now;
                CandidateRecord trained = store.candidate(trial.candidateId()).orElseThrow();
                listener.trialFinished(finished.ordinal(), config.maxTrials(), trained, trial);
                if (finished.job().fidelity() == TrialRecord.PROMOTED) {
                    Assessor.assess(store, runId, config.evaluation(), listener);
                }
                if (PRESCREENED.equals(trial.outcome())) {
                    skipped++;   // nothing was trained: no analysis of it either
                } else if (trial.fidelity() != TrialRecord.FINAL) {   // search is over: nothing to propose from it
                    try {
                        proposer.afterTrial(trained, trial);
                    } catch (LlmStopException e) {
                        if (reason == null) {
                            reason = llmStop(runId, e);
                        }
                    }
                }
                progress(runId, config, running.size());
            }
            if (reason == null) {
                reason = stopRequested ? StopReason.INTERRUPTED : StopReason.NO_PROPOSAL;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = StopReason.INTERRUPTED;
        } finally {
            trainers.shutdownNow();
        }
        if (stopRequested && !reason.resumable()) {
            reason = StopReason.INTERRUPTED;
        }
        if (reason.resumable()) {
            if (reason == StopReason.INTERRUPTED) {
                String msg = "interrupted" + (abandoned > 0 ? "; " + abandoned + " unfinished trial(s) abandoned, "
                        + "to be trained again on resume" : "") + "; resume with 'archlab run --resume " + runId + "'";
                listener.info(msg);
                store.addEvent(runId, "interrupted", msg);
            }
            store.addElapsed(runId, (clock.getAsLong() - checkpoint) / 1_000_000);
            store.updateRunState(runId, RunState.INTERRUPTED, null, null);
            return reason;
        }
        if (searchEnded == null) {
            store.addEvent(runId, "stopped", stopped(reason, config, budgetSeconds, runId));
        }
        FinalEvaluation.run(store, runId, config, fitness, test, listener);
        store.addElapsed(runId, (clock.getAsLong() - checkpoint) / 1_000_000);
        store.updateRunState(runId, RunState.COMPLETED, null, null);
        store.addEvent(runId, "completed", "run completed");
        return reason;
    }

    /** Says so when the final training is expected to take more than the half of the run it may keep. */
    private void warnOfALongFinalTraining(String runId, RunConfig config, double budgetSeconds) {
        RunConfig.Final f = config.finalTraining();
        if (!f.on()) {
            return;
        }
        double one = TrialCosts.of(config, List.of(), List.of()).expectedSeconds(null, TrialRecord.FINAL);
        double expected = (f.candidates() + 1) * f.seeds() * one / config.parallel();
        if (expected > budgetSeconds / 2) {
            String msg = String.format(java.util.Locale.ROOT, "the final training is expected to take %.0f min at the "
                    + "baselines' pace, more than half of the run's %s min: search keeps half of them and the final "
                    + "training will overrun the rest (fewer --final-candidates or --final-seeds, or a smaller "
                    + "--final-factor, fit)", expected / 60, config.maxMinutes());
            listener.info(msg);
            store.addEvent(runId, "warning", msg);
        }
    }

    /** Why search stopped, in words. */
    private String stopped(StopReason reason, RunConfig config, double budgetSeconds, String runId) {
        return switch (reason) {
            case MAX_TRIALS -> "trial budget of " + config.maxTrials() + " reached";
            case TIME_BUDGET -> "time budget of " + config.maxMinutes() + " min reached: "
                    + String.format(java.util.Locale.ROOT, "%.0f s left", budgetSeconds - spentSeconds(runId))
                    + ", too little for the next trial"
                    + (config.finalTraining().on() ? ", the final training" : "") + " and the final evaluation";
            case NO_PROPOSAL -> "no further proposal";
            case LLM_BUDGET -> "LLM budget spent";
            default -> reason.name();
        };
    }

    /** What the scheduler sees now: the stored state, the jobs in flight, the time left and whether search is over. */
    private Scheduler.State state(String runId, List<Running> running, double budgetSeconds, StopReason searchEnded) {
        return new Scheduler.State(store.candidates(runId), store.trials(runId),
                running.stream().map(Running::job).toList(), budgetSeconds - spentSeconds(runId), stopRequested,
                searchEnded);
    }

    /** What came of asking for a proposal: a reason to stop, and whether to wait for trials in flight first. */
    private record ProposalOutcome(StopReason stop, boolean waitForTrials) {
    }

    /**
     * Asks for a proposal and stores it; its failures become what the loop does next. A proposal
     * that cannot build on anything yet ({@link NoParentException}) waits for the trials in flight
     * when there are any, else ends the run.
     */
    private ProposalOutcome tryPropose(String runId, RunConfig config, FitnessFunction fitness, FailedProposals failures,
            boolean trialsInFlight) {
        try {
            propose(runId, config, fitness, failures);
            return new ProposalOutcome(null, false);
        } catch (ProposalFailedException e) {
            return new ProposalOutcome(failures.stops(e) ? StopReason.PROPOSALS_FAILED : null, false);
        } catch (NoParentException e) {
            if (trialsInFlight) {
                return new ProposalOutcome(null, true);
            }
            listener.info("stopping: " + e.getMessage());
            store.addEvent(runId, "stopped", e.getMessage());
            return new ProposalOutcome(StopReason.NO_PROPOSAL, true);
        } catch (LlmStopException e) {
            return new ProposalOutcome(llmStop(runId, e), true);
        } catch (RuntimeException e) {
            if (!stopRequested) {
                throw e;
            }
            return new ProposalOutcome(StopReason.INTERRUPTED, true);   // the stop closed the workers under a check
        }
    }

    /** Active time of the run in seconds: stored, plus what passed since the last commit. */
    private double spentSeconds(String runId) {
        return store.run(runId).orElseThrow().elapsedMs() / 1e3 + (clock.getAsLong() - checkpoint) / 1e9;
    }

    /** Trials trained at once: {@code --parallel}, or more when the runner has more slots. */
    private int parallel(RunConfig config) {
        return Math.max(config.parallel(), runner.capacity());
    }

    /**
     * The first trial in flight to finish; null when asked to stop, or when {@code grow} and the
     * runner gained room for more trials while waiting. Each trial's end wakes the loop up.
     */
    private Running awaitAny(List<Running> running, RunConfig config, boolean grow) throws InterruptedException {
        int room = parallel(config);
        boolean stopSeen = stopRequested;
        while (true) {
            for (Running r : running) {
                if (r.result().isDone()) {
                    return r;
                }
            }
            if (grow && parallel(config) > room) {
                return null;
            }
            if (stopRequested && !stopSeen) {
                return null;
            }
            wakeUp.tryAcquire(grow ? 1 : 60, TimeUnit.SECONDS);
        }
    }

    /** Trials done of the budget, the best so far, elapsed time and ETA, LLM spend. */
    private void progress(String runId, RunConfig config, int inFlight) {
        int finished = Scheduler.counted(new Scheduler.State(List.of(), store.trials(runId), List.of(), 0, false));
        double elapsed = (clock.getAsLong() - startedNanos) / 1e9;
        int doneHere = finished - startedCounted;
        double eta = doneHere <= 0 ? Double.NaN : elapsed / doneHere * (config.maxTrials() - finished);
        List<io.archlab.knowledge.CandidateSummary> best = store.leaderboard(runId, 1);
        io.archlab.knowledge.LlmSpend spend = config.llm() == null ? null : store.llmSpend(runId);
        listener.progress(new LoopListener.Progress(finished, config.maxTrials(),
                best.isEmpty() ? null : best.get(0).bestValAccuracy(), best.isEmpty() ? null : best.get(0).name(),
                elapsed, eta, spend == null ? null : spend.usd(), spend == null ? null : spend.tokens()));
    }

    /**
     * Ends the loop for a model that can no longer be used: a spent budget or a finished replay ends
     * the run normally; an unreachable endpoint or a refused key leaves it interrupted, to resume
     * once the endpoint is back.
     */
    private StopReason llmStop(String runId, LlmStopException e) {
        listener.info("stopping: " + e.getMessage());
        store.addEvent(runId, "stopped", e.getMessage());
        return e.reason() == LlmStopException.Reason.UNAVAILABLE ? StopReason.LLM_UNAVAILABLE : StopReason.LLM_BUDGET;
    }

    /**
     * Stores the run's starting candidates (built-in baselines, then the user's seeds) at the first
     * ordinals, so that a resumed run finds exactly the same ones.
     */
    public static void plantSeeds(Store store, String runId, List<Proposal> seeds) {
        for (int i = 0; i < seeds.size(); i++) {
            save(store, runId, i, seeds.get(i));
        }
    }

    /** A new proposal at the next candidate ordinal: random samples first if the run asks for them. */
    private CandidateRecord propose(String runId, RunConfig config, FitnessFunction fitness,
            FailedProposals failures) {
        List<CandidateRecord> candidates = store.candidates(runId);
        int ordinal = candidates.size();
        List<Evaluated> evaluated = Standings.evaluated(store, runId);
        List<Leaderboard.Entry> board = Leaderboard.rank(evaluated, selectionFitness(candidates, config, fitness));
        Random random = new Random(Seeds.derive(config.seed(), PROPOSAL_STREAM, ordinal));
        Proposer.Context ctx = new Proposer.Context(ordinal, candidates, evaluated, board, random);
        long randoms = candidates.stream().filter(c -> RandomSampler.NAME.equals(c.proposer())).count();
        if (randoms < config.evaluation().randomSamples()) {
            return save(store, runId, ordinal, RandomSampler.forTask(config.task(), config.budgets()).propose(ctx));
        }
        CandidateRecord c = save(store, runId, ordinal, proposer.propose(ctx));
        failures.succeeded();
        proposer.proposed(c);
        return c;
    }

    /**
     * The fitness parents are selected by: {@link ScalarFitness} relative to the best baseline's
     * screening result, within the run's budgets; plain budgeted accuracy until a baseline has one.
     */
    private FitnessFunction selectionFitness(List<CandidateRecord> candidates, RunConfig config,
            FitnessFunction fallback) {
        java.util.Map<String, CandidateRecord> byId = new java.util.HashMap<>();
        candidates.forEach(c -> byId.put(c.id(), c));
        java.util.Map<String, TrialRecord> screenings = TrialPlan.screenings(store.trials(candidates.get(0).runId()));
        String best = TrialPlan.bestBaseline(new java.util.ArrayList<>(screenings.values()), byId);
        if (best == null || !(screenings.get(best).valAccuracy() > 0)) {
            return fallback;
        }
        CandidateRecord b = byId.get(best);
        return new ScalarFitness(new ScalarFitness.Baseline(screenings.get(best).valAccuracy(), b.params(), b.macs()),
                new Constraints(config.maxParams(), config.maxMacs(), config.maxPeakBytes(), 0));
    }

    private static CandidateRecord save(Store store, String runId, int ordinal, Proposal p) {
        int generation = p.parentId() == null ? 0
                : store.candidate(p.parentId()).map(c -> c.generation() + 1).orElse(1);
        CandidateRecord c = CandidateRecord.proposed(runId + "-c" + ordinal, runId, ordinal, p.name(), p.proposer(),
                p.parentId(), p.changeSummary(), p.source(), p.hypothesis(), p.motivation(), generation);
        store.saveCandidate(c);
        return c;
    }
}
