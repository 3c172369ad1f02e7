package io.archlab.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.agent.evolution.NoParentException;
import io.archlab.evaluator.BudgetedAccuracy;
import io.archlab.evaluator.Constraints;
import io.archlab.evaluator.ScalarFitness;
import io.archlab.evaluator.Evaluated;
import io.archlab.evaluator.FitnessFunction;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.Standings;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.agent.evolution.RandomSampler;
import io.archlab.agent.llm.LlmStopException;
import io.archlab.knowledge.LineageEdge;
import io.archlab.knowledge.notes.Embedder;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrDiff;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.train.EpochPoint;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.HeldOutTest;
import io.archlab.sandbox.train.Metrics;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The discovery loop of one run: the built-in baselines first, then proposals, each trained,
 * scored and stored, until the trial or time budget is spent. Every finished trial is committed
 * with the time it cost before the next begins, and proposals are a function of the stored state
 * and the run's seed, so a run killed at any point resumes where it stopped: no finished trial is
 * redone or lost. Once selection is over, the best candidate is evaluated on the held-out test split.
 */
public final class DiscoveryLoop {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int PROPOSAL_STREAM = 1;
    static final int TRAINING_STREAM = 2;

    private final Store store;
    private final TrialRunner runner;
    private final Proposer proposer;
    private final Path runsDir;
    private final LoopListener listener;
    private final Novelty novelty;
    private final Prescreener prescreener;
    private Embedder embedder;
    private volatile boolean stopRequested;
    private long checkpoint;
    private long startedNanos;
    private int startedOrdinal;

    public DiscoveryLoop(Store store, TrialRunner runner, Proposer proposer, Path runsDir, LoopListener listener) {
        this(store, runner, proposer, runsDir, listener, null);
    }

    /**
     * @param prescreener judges proposals by a zero-cost proxy before they are trained, or null to
     *                    train every proposal that passes the checks
     */
    public DiscoveryLoop(Store store, TrialRunner runner, Proposer proposer, Path runsDir, LoopListener listener,
            Prescreener prescreener) {
        this.store = store;
        this.prescreener = prescreener;
        this.runner = runner;
        this.proposer = proposer;
        this.runsDir = runsDir;
        this.listener = listener;
        this.novelty = new Novelty(store, this::embedder);
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

    /** A trial in flight. */
    private record Running(TrialPlan.Job job, int ordinal, Future<TrialRecord> result) {
    }

    /**
     * Asks the loop to stop as soon as it can (a signal): no further trial starts, trials in flight
     * are abandoned unless they succeed before the loop sees them, and the run is left interrupted.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Runs trials of {@code runId} until a budget is spent, then evaluates the best candidate on the
     * held-out test split and marks the run completed. Up to {@code config.parallel()} trials train
     * at once (more when the runner has more slots: a cluster's members), and while they train the next proposal is prepared from the finished trials (so an
     * LLM's latency overlaps training). With one trial at a time the sequence of proposals and
     * trials is a function of the stored state, so a resumed run continues exactly. The test split
     * is not passed on to anything that proposes, schedules or ranks.
     */
    public StopReason execute(String runId, RunConfig config, HeldOutTest test) {
        FitnessFunction fitness = new BudgetedAccuracy(config.maxParams());
        long budgetMs = (long) (config.maxMinutes() * 60_000);
        checkpoint = System.nanoTime();
        startedNanos = checkpoint;
        List<TrialRecord> done = store.trials(runId);
        int nextOrdinal = done.isEmpty() ? 0 : done.get(done.size() - 1).ordinal() + 1;
        // proposals the pre-screen kept from training do not count against the trial budget
        int skipped = (int) done.stream().filter(t -> PRESCREENED.equals(t.outcome())).count();
        // Ordinals of trials abandoned when the run was interrupted with several in flight are never
        // stored; they do not count against the trial budget either.
        int gaps = nextOrdinal - done.size();
        startedOrdinal = nextOrdinal - gaps - skipped;
        List<Running> running = new ArrayList<>();
        // A runner that knows its capacity (a cluster's slots) may train more at once than --parallel.
        ExecutorService trainers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "archlab-trial");
            t.setDaemon(true);
            return t;
        });
        StopReason reason = null;
        int abandoned = 0;
        FailedProposals failures = new FailedProposals(store, runId, listener);
        try {
            while (true) {
                while (reason == null && running.size() < parallel(config)) {
                    if (stopRequested) {
                        reason = StopReason.INTERRUPTED;
                        break;
                    }
                    if (nextOrdinal - gaps - skipped >= config.maxTrials()) {
                        reason = StopReason.MAX_TRIALS;
                        break;
                    }
                    List<TrialPlan.Job> busy = running.stream().map(Running::job).toList();
                    List<CandidateRecord> candidates = store.candidates(runId);
                    List<TrialRecord> trials = store.trials(runId);
                    TrialPlan.Job job = TrialPlan.next(candidates, trials, config.evaluation(), busy);
                    TrialCosts costs = TrialCosts.of(config, candidates, trials);
                    // the clock budgets what the next trial is expected to take here, not its safety cap
                    if (budgetMs - spent(runId) < costs.expectedSeconds(job.candidate(), job.fidelity()) * 1000) {
                        reason = StopReason.TIME_BUDGET;
                        break;
                    }
                    CandidateRecord candidate = job.candidate();
                    if (candidate == null) {
                        try {
                            candidate = propose(runId, config, fitness, failures);
                        } catch (ProposalFailedException e) {
                            if (failures.stops(e)) {
                                reason = StopReason.PROPOSALS_FAILED;
                                break;
                            }
                            continue;   // ask again
                        } catch (NoParentException e) {
                            if (!running.isEmpty()) {
                                break;   // perhaps once the trials in flight are in
                            }
                            listener.info("stopping: " + e.getMessage());
                            store.addEvent(runId, "stopped", e.getMessage());
                            reason = StopReason.NO_PROPOSAL;
                            break;
                        } catch (LlmStopException e) {
                            reason = llmStop(runId, e);
                            break;
                        } catch (RuntimeException e) {
                            if (!stopRequested) {
                                throw e;
                            }
                            reason = StopReason.INTERRUPTED;   // the stop closed the workers under a check
                            break;
                        }
                    }
                    TrialPlan.Job dispatched = new TrialPlan.Job(candidate, job.fidelity());
                    int ordinal = nextOrdinal++;
                    listener.trialStarted(ordinal, config.maxTrials(), candidate);
                    CandidateRecord c = candidate;
                    boolean screen = prescreens(c, dispatched.fidelity(), skipped, config);
                    TrialRequest.Compute compute = costs.compute(c, dispatched.fidelity());
                    running.add(new Running(dispatched, ordinal, trainers.submit(
                            () -> train(runId, ordinal, c, config, dispatched.fidelity(), compute, screen))));
                }
                if (running.isEmpty()) {
                    break;
                }
                if (reason == null && !stopRequested && nextOrdinal - gaps - skipped < config.maxTrials()
                        && nothingQueued(runId, running)) {
                    try {
                        propose(runId, config, fitness, failures);   // the next proposal, while the trials train
                    } catch (ProposalFailedException e) {
                        if (failures.stops(e)) {
                            reason = StopReason.PROPOSALS_FAILED;
                        }
                    } catch (NoParentException e) {
                        // nothing to build on yet: proposed once the trials in flight are in
                    } catch (LlmStopException e) {
                        reason = llmStop(runId, e);
                    } catch (RuntimeException e) {
                        if (!stopRequested) {
                            throw e;
                        }
                        reason = StopReason.INTERRUPTED;
                    }
                }
                Running finished = awaitAny(running, config, reason == null && !stopRequested);
                if (finished == null) {
                    continue;   // more slots than trials in flight (a member joined): start more
                }
                running.remove(finished);
                TrialRecord trial = finished.result().get();
                if (stopRequested && !trial.succeeded()) {
                    abandoned++;   // most likely killed by the stop itself: trained again on resume
                    continue;
                }
                long now = System.nanoTime();
                store.recordTrial(trial, (now - checkpoint) / 1_000_000);
                checkpoint = now;
                CandidateRecord trained = store.candidate(trial.candidateId()).orElseThrow();
                listener.trialFinished(finished.ordinal(), config.maxTrials(), trained, trial);
                if (finished.job().fidelity() > 0) {
                    Assessor.assess(store, runId, config.evaluation(), listener);
                }
                if (PRESCREENED.equals(trial.outcome())) {
                    skipped++;   // nothing was trained: no analysis of it either
                } else {
                    try {
                        proposer.afterTrial(trained, trial);
                    } catch (LlmStopException e) {
                        if (reason == null) {
                            reason = llmStop(runId, e);
                        }
                    }
                }
                progress(runId, config, nextOrdinal - gaps - skipped, running.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = StopReason.INTERRUPTED;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a trial failed outside the sandbox: " + e.getCause(), e.getCause());
        } finally {
            trainers.shutdownNow();
        }
        if (reason.resumable()) {
            if (reason == StopReason.INTERRUPTED) {
                String msg = "interrupted" + (abandoned > 0 ? "; " + abandoned + " unfinished trial(s) abandoned, "
                        + "to be trained again on resume" : "") + "; resume with 'archlab run --resume " + runId + "'";
                listener.info(msg);
                store.addEvent(runId, "interrupted", msg);
            }
            store.addElapsed(runId, (System.nanoTime() - checkpoint) / 1_000_000);
            store.updateRunState(runId, RunState.INTERRUPTED, null, null);
            return reason;
        }
        store.addEvent(runId, "stopped", switch (reason) {
            case MAX_TRIALS -> "trial budget of " + config.maxTrials() + " reached";
            case TIME_BUDGET -> "time budget of " + config.maxMinutes() + " min reached";
            case NO_PROPOSAL -> "no further proposal";
            case LLM_BUDGET -> "LLM budget spent";
            default -> reason.name();
        });
        FinalEvaluation.run(store, runId, config, fitness, test, listener);
        store.addElapsed(runId, (System.nanoTime() - checkpoint) / 1_000_000);
        store.updateRunState(runId, RunState.COMPLETED, null, null);
        store.addEvent(runId, "completed", "run completed");
        return reason;
    }

    /** Active time of the run: stored, plus what passed since the last commit. */
    private long spent(String runId) {
        return store.run(runId).orElseThrow().elapsedMs() + (System.nanoTime() - checkpoint) / 1_000_000;
    }

    /** Whether every stored candidate is screened or in flight: then a proposal is due. */
    private boolean nothingQueued(String runId, List<Running> running) {
        java.util.Set<String> screened = new java.util.HashSet<>(TrialPlan.screenings(store.trials(runId)).keySet());
        running.forEach(r -> screened.add(r.job().candidate().id()));
        return store.candidates(runId).stream().allMatch(c -> screened.contains(c.id()));
    }

    /** Trials trained at once: {@code --parallel}, or more when the runner has more slots. */
    private int parallel(RunConfig config) {
        return Math.max(config.parallel(), runner.capacity());
    }

    /**
     * The first trial in flight to finish; null when {@code grow} and the runner gained room for
     * more trials while waiting.
     */
    private Running awaitAny(List<Running> running, RunConfig config, boolean grow) throws InterruptedException {
        int room = parallel(config);
        while (true) {
            for (Running r : running) {
                if (r.result().isDone()) {
                    return r;
                }
            }
            if (grow && parallel(config) > room) {
                return null;
            }
            Thread.sleep(20);
        }
    }

    /** Trials done of the budget, the best so far, elapsed time and ETA, LLM spend. */
    private void progress(String runId, RunConfig config, int nextOrdinal, int inFlight) {
        int finished = nextOrdinal - inFlight;
        double elapsed = (System.nanoTime() - startedNanos) / 1e9;
        int doneHere = finished - startedOrdinal;
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

    /**
     * Whether a trial is pre-screened: only a proposal's screening (never a baseline's, a random
     * sample's or a promoted trial), and only until as many proposals were skipped as the trial
     * budget holds, so that the loop always ends.
     */
    private boolean prescreens(CandidateRecord c, int fidelity, int skipped, RunConfig config) {
        return prescreener != null && fidelity == 0 && !TrialPlan.isBaseline(c)
                && !RandomSampler.NAME.equals(c.proposer()) && skipped < config.maxTrials();
    }

    private TrialRecord train(String runId, int ordinal, CandidateRecord c, RunConfig config, int fidelity,
            TrialRequest.Compute compute, boolean screen) {
        String trialId = runId + "-t" + ordinal;
        long seed = Seeds.derive(config.seed(), TRAINING_STREAM, ordinal) & 0x7fffffffL;
        Path weights = runsDir.resolve(runId).resolve("weights").resolve(trialId + ".params");
        Instant started = Instant.now();
        // A candidate never trained before is refused if its network equals an earlier one's.
        Set<String> refuse = c.irJson() != null ? Set.of() : store.candidates(runId).stream()
                .filter(k -> k.irHash() != null && !k.id().equals(c.id())).map(CandidateRecord::irHash)
                .collect(Collectors.toSet());
        TrialResult r = screen ? prescreen(runId, trialId, c, config, refuse) : null;
        if (r == null) {
            r = runner.run(new TrialRequest(trialId, c.source(), seed, compute, config.budgets(),
                    config.batchSize(), TrialRequest.Optim.adamW(config.learningRate()), weights, refuse));
        }
        if (r.graph() != null && c.irJson() == null) {
            recordIr(c, r);
        }
        Metrics m = r.metrics();
        String stage = null;
        String message = null;
        if (r.outcome() instanceof Outcome.Failed f) {
            stage = f.stage().name();
            message = f.message();
            if (f.kind() == io.archlab.sandbox.train.FailureKind.DUPLICATE && r.graph() != null) {
                String hash = IrJson.hash(r.graph());
                message = store.candidateByHash(runId, hash, c.id()).map(d -> "a duplicate of " + d.name()
                        + " (same IR hash " + hash.substring(0, 12) + "): refused without training").orElse(message);
            }
        }
        return new TrialRecord(trialId, runId, c.id(), ordinal, seed, compute.capSeconds(), r.outcome().code(),
                stage, message, m == null ? null : m.valAccuracy(), m == null ? null : m.trainLoss(),
                m == null ? null : m.epochs(), m == null ? null : m.steps(), m == null ? null : m.trainSeconds(),
                r.totalSeconds(), m == null ? null : m.samplesPerSecond(), curveJson(r.curve()),
                r.succeeded() ? weights.toString() : null, m == null ? null : m.latencyMs(),
                m == null || m.peakRssBytes() == 0 ? null : m.peakRssBytes(), fidelity, runner.lastWorker(), started,
                Instant.now());
    }

    /**
     * The pre-screen of a proposal: the checks before training (a failure there is its result), then
     * the proxy on its IR. Returns the result of a proposal not to be trained, else null.
     */
    private TrialResult prescreen(String runId, String trialId, CandidateRecord c, RunConfig config,
            Set<String> refuse) {
        long start = System.nanoTime();
        Graph g;
        if (c.irJson() != null) {
            g = IrJson.fromJson(c.irJson());
        } else {
            TrialResult checked = runner.run(TrialRequest.check(trialId, c.source(), config.budgets(),
                    config.batchSize(), refuse));
            if (!checked.succeeded()) {
                return checked;
            }
            g = checked.graph();
        }
        Prescreener.Verdict v = prescreener.judge(store.candidates(runId), c, g);
        if (!v.skip()) {
            if (Double.isNaN(v.score())) {
                store.addEvent(runId, "prescreen", c.name() + ": " + v.message());
            }
            return null;
        }
        store.addEvent(runId, "prescreen", c.name() + ": " + v.message());
        return new TrialResult(new Outcome.Failed(FailureKind.PRESCREENED, Stage.PRESCREEN, v.message()), g, null,
                List.of(), (System.nanoTime() - start) / 1e9);
    }

    /** The candidate's IR, static costs and its lineage edge with the structural difference to its parent. */
    private void recordIr(CandidateRecord c, TrialResult r) {
        Graph g = r.graph();
        store.updateCandidateIr(c.id(), IrJson.toJson(g), IrJson.hash(g), g.params(), g.macs());
        novelty.record(c, g);
        if (c.parentId() == null) {
            return;
        }
        CandidateRecord parent = store.candidate(c.parentId()).orElse(null);
        if (parent == null || parent.irJson() == null) {
            return;
        }
        String diff;
        try {
            diff = IrDiff.summary(IrDiff.diff(IrJson.fromJson(parent.irJson()), g));
        } catch (RuntimeException e) {
            diff = "(no structural diff: " + e.getMessage() + ")";
        }
        store.addLineage(new LineageEdge(c.runId(), c.id(), parent.id(), diff));
    }

    private static String curveJson(List<EpochPoint> curve) {
        try {
            return JSON.writeValueAsString(curve);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
