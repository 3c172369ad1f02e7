package io.archlab.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.agent.evolution.RandomSampler;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.LineageEdge;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrDiff;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.train.EpochPoint;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Metrics;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.RungGate;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the jobs the {@link Scheduler} decides on a {@link TrialRunner} and turns each result into
 * the trial record to store: the pre-screen of a proposal, the early stopping of a proposal's
 * screening at its rungs, the candidate's IR and lineage once it is traced. It decides nothing
 * about what runs next.
 */
final class TrialExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final TrialRunner runner;
    private final Prescreener prescreener;
    private final Path runsDir;
    private final Novelty novelty;

    /** @param prescreener judges proposals by a zero-cost proxy before they are trained, or null */
    TrialExecutor(Store store, TrialRunner runner, Prescreener prescreener, Path runsDir, Novelty novelty) {
        this.store = store;
        this.runner = runner;
        this.prescreener = prescreener;
        this.runsDir = runsDir;
        this.novelty = novelty;
    }

    /**
     * Whether a job is pre-screened: only a proposal's first screening (never a baseline's, a random
     * sample's, a promoted or a resumed trial), and only until as many proposals were skipped as the
     * trial budget holds, so that the run always ends.
     */
    boolean prescreens(TrialPlan.Job job, int skipped, RunConfig config) {
        return prescreener != null && job.fidelity() == 0 && job.resumes() == null && isProposal(job.candidate())
                && skipped < config.maxTrials();
    }

    /**
     * Trains {@code job} as trial {@code ordinal} with {@code compute}. A proposal's screening stops
     * at a rung where it is not among the best ({@link Rungs}); a resumed screening keeps its seed and
     * is judged from the rung above the one it stopped at.
     */
    TrialRecord train(String runId, int ordinal, TrialPlan.Job job, RunConfig config, TrialRequest.Compute compute,
            boolean screen) {
        CandidateRecord c = job.candidate();
        String trialId = runId + "-t" + ordinal;
        long seed = job.seed() != null ? job.seed()
                : Seeds.derive(config.seed(), DiscoveryLoop.TRAINING_STREAM, ordinal) & 0x7fffffffL;
        Path weights = runsDir.resolve(runId).resolve("weights").resolve(trialId + ".params");
        Instant started = Instant.now();
        // A candidate never trained before is refused if its network equals an earlier one's.
        Set<String> refuse = c.irJson() != null ? Set.of() : store.candidates(runId).stream()
                .filter(k -> k.irHash() != null && !k.id().equals(c.id())).map(CandidateRecord::irHash)
                .collect(Collectors.toSet());
        TrialResult r = screen ? prescreen(runId, trialId, c, config, refuse) : null;
        if (r == null) {
            TrialRequest request = new TrialRequest(trialId, c.source(), seed, compute, config.budgets(),
                    config.batchSize(), TrialRequest.Optim.adamW(config.learningRate()), weights, refuse)
                    .withRecipe(job.fidelity() == TrialRecord.FINAL ? config.finalTraining().recipe() : null);
            r = runner.run(request, gate(runId, job, compute, config));
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
            if (f.kind() == FailureKind.DUPLICATE && r.graph() != null) {
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
                m == null || m.peakRssBytes() == 0 ? null : m.peakRssBytes(), job.fidelity(), runner.lastWorker(),
                started, Instant.now());
    }

    /** The gate of a trial: only a proposal's screening is stopped early; everything else trains fully. */
    private RungGate gate(String runId, TrialPlan.Job job, TrialRequest.Compute compute, RunConfig config) {
        if (job.fidelity() != 0 || compute.rungs().isEmpty() || !isProposal(job.candidate())) {
            return RungGate.NONE;
        }
        int from = job.resumes() == null ? 0 : Rungs.prunedAt(job.resumes(), compute.rungs()) + 1;
        return Rungs.gate(() -> TrialPlan.screenings(store.trials(runId)).values(), job.candidate().id(),
                compute.rungs(), compute.steps(), config.evaluation().eta(), from);
    }

    /** A candidate the proposer made: neither a baseline nor a random sample. */
    private static boolean isProposal(CandidateRecord c) {
        return !TrialPlan.isBaseline(c) && !RandomSampler.NAME.equals(c.proposer());
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
