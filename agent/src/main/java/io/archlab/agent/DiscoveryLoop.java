package io.archlab.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.agent.evolution.NoParentException;
import io.archlab.evaluator.BudgetedAccuracy;
import io.archlab.evaluator.Evaluated;
import io.archlab.evaluator.FitnessFunction;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.Standings;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.train.EpochPoint;
import io.archlab.sandbox.train.FinalEvaluator;
import io.archlab.sandbox.train.Metrics;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

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

    public DiscoveryLoop(Store store, TrialRunner runner, Proposer proposer, Path runsDir, LoopListener listener) {
        this.store = store;
        this.runner = runner;
        this.proposer = proposer;
        this.runsDir = runsDir;
        this.listener = listener;
    }

    /** Why the loop stopped. */
    public enum StopReason { MAX_TRIALS, TIME_BUDGET, NO_PROPOSAL }

    /**
     * Runs trials of {@code runId} until a budget is spent, then evaluates the best candidate on the
     * test split and marks the run completed.
     */
    public StopReason execute(String runId, RunConfig config, Splits splits) {
        FitnessFunction fitness = new BudgetedAccuracy(config.maxParams());
        long budgetMs = (long) (config.maxMinutes() * 60_000);
        long checkpoint = System.nanoTime();
        StopReason reason;
        while (true) {
            int ordinal = store.trials(runId).size();
            long spent = store.run(runId).orElseThrow().elapsedMs() + (System.nanoTime() - checkpoint) / 1_000_000;
            if (ordinal >= config.maxTrials()) {
                reason = StopReason.MAX_TRIALS;
                break;
            }
            if (budgetMs - spent < config.trialSeconds() * 1000) {
                reason = StopReason.TIME_BUDGET;
                break;
            }
            CandidateRecord candidate;
            try {
                candidate = candidateAt(runId, ordinal, config, fitness);
            } catch (NoParentException e) {
                listener.info("stopping: " + e.getMessage());
                store.addEvent(runId, "stopped", e.getMessage());
                reason = StopReason.NO_PROPOSAL;
                break;
            }
            listener.trialStarted(ordinal, config.maxTrials(), candidate);
            TrialRecord trial = train(runId, ordinal, candidate, config);
            long now = System.nanoTime();
            store.recordTrial(trial, (now - checkpoint) / 1_000_000);
            checkpoint = now;
            listener.trialFinished(ordinal, config.maxTrials(), store.candidate(candidate.id()).orElseThrow(), trial);
        }
        store.addEvent(runId, "stopped", switch (reason) {
            case MAX_TRIALS -> "trial budget of " + config.maxTrials() + " reached";
            case TIME_BUDGET -> "time budget of " + config.maxMinutes() + " min reached";
            case NO_PROPOSAL -> "no further proposal";
        });
        finalEvaluation(runId, fitness, splits);
        store.addElapsed(runId, (System.nanoTime() - checkpoint) / 1_000_000);
        store.updateRunState(runId, RunState.COMPLETED, null, null);
        store.addEvent(runId, "completed", "run completed");
        return reason;
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

    /** The candidate at {@code ordinal}: stored already (a seed, or a resumed run), or a new proposal. */
    private CandidateRecord candidateAt(String runId, int ordinal, RunConfig config, FitnessFunction fitness) {
        Optional<CandidateRecord> existing = store.candidateAt(runId, ordinal);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<Evaluated> evaluated = Standings.evaluated(store, runId);
        List<Leaderboard.Entry> board = Leaderboard.rank(evaluated, fitness);
        Random random = new Random(Seeds.derive(config.seed(), PROPOSAL_STREAM, ordinal));
        Proposal p = proposer.propose(new Proposer.Context(ordinal, store.candidates(runId), evaluated, board, random));
        return save(store, runId, ordinal, p);
    }

    private static CandidateRecord save(Store store, String runId, int ordinal, Proposal p) {
        CandidateRecord c = new CandidateRecord(runId + "-c" + ordinal, runId, ordinal, p.name(), p.proposer(),
                p.parentId(), p.changeSummary(), p.source(), null, null, null, Instant.now());
        store.saveCandidate(c);
        return c;
    }

    private TrialRecord train(String runId, int ordinal, CandidateRecord c, RunConfig config) {
        String trialId = runId + "-t" + ordinal;
        long seed = Seeds.derive(config.seed(), TRAINING_STREAM, ordinal) & 0x7fffffffL;
        Path weights = runsDir.resolve(runId).resolve("weights").resolve(trialId + ".params");
        Instant started = Instant.now();
        TrialResult r = runner.run(new TrialRequest(trialId, c.source(), seed, config.trialSeconds(),
                config.maxEpochs(), config.budgets(), config.batchSize(),
                TrialRequest.Optim.adamW(config.learningRate()), weights));
        if (r.graph() != null && c.irJson() == null) {
            store.updateCandidateIr(c.id(), IrJson.toJson(r.graph()), IrJson.hash(r.graph()), r.graph().params());
        }
        Metrics m = r.metrics();
        String stage = null;
        String message = null;
        if (r.outcome() instanceof Outcome.Failed f) {
            stage = f.stage().name();
            message = f.message();
        }
        return new TrialRecord(trialId, runId, c.id(), ordinal, seed, config.trialSeconds(), r.outcome().code(),
                stage, message, m == null ? null : m.valAccuracy(), m == null ? null : m.trainLoss(),
                m == null ? null : m.epochs(), m == null ? null : m.steps(), m == null ? null : m.trainSeconds(),
                r.totalSeconds(), m == null ? null : m.samplesPerSecond(), curveJson(r.curve()),
                r.succeeded() ? weights.toString() : null, m == null ? null : m.latencyMs(),
                m == null || m.peakRssBytes() == 0 ? null : m.peakRssBytes(), started, Instant.now());
    }

    private void finalEvaluation(String runId, FitnessFunction fitness, Splits splits) {
        List<Leaderboard.Entry> board = Standings.leaderboard(store, runId, fitness);
        if (board.isEmpty()) {
            listener.info("no candidate succeeded within the budget: nothing to evaluate on the test split");
            return;
        }
        String bestId = board.get(0).candidate().candidateId();
        TrialRecord trial = store.trials(runId).stream().filter(t -> t.candidateId().equals(bestId)
                && t.succeeded()).findFirst().orElseThrow();
        CandidateRecord best = store.candidate(bestId).orElseThrow();
        if (trial.weightsPath() == null || !Files.isRegularFile(Path.of(trial.weightsPath()))) {
            listener.info("weights of " + best.name() + " are missing: no test evaluation");
            return;
        }
        try {
            double acc = FinalEvaluator.testAccuracy(IrJson.fromJson(best.irJson()), Path.of(trial.weightsPath()),
                    splits.heldOutTest());
            store.saveFinalEvaluation(new FinalEvaluationRecord(runId, bestId, trial.id(), acc,
                    splits.heldOutTest().count(), Instant.now()));
            store.addEvent(runId, "final", String.format("%s: test accuracy %.4f on %d images", best.name(), acc,
                    splits.heldOutTest().count()));
        } catch (IOException e) {
            listener.info("final evaluation of " + best.name() + " failed: " + e.getMessage());
            store.addEvent(runId, "final", "failed: " + e.getMessage());
        }
    }

    private static String curveJson(List<EpochPoint> curve) {
        try {
            return JSON.writeValueAsString(curve);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
