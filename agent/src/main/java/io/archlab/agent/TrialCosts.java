package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.train.TrialRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trial costs. Its compute is the run's: the same optimiser steps for every candidate, seed
 * and reference at one fidelity ({@link RunConfig.Compute}). Its expected duration on this machine
 * is what the run's clock budgets: the steps over a measured throughput (the candidate's own earlier
 * trials, else its parent's, else the baselines' median from the calibration) plus the run's median
 * overhead per trial (compiling, tracing, validating, also measured). Its safety cap on time is
 * {@value #CAP_FACTOR} times that expectation (at least {@value #MIN_CAP_SECONDS} s): a cap that
 * only a trial far slower than expected meets, never a budget.
 */
final class TrialCosts {
    /** A trial's safety cap over its expected training time. */
    static final double CAP_FACTOR = 10;
    /** The shortest safety cap. */
    static final double MIN_CAP_SECONDS = 120;
    /** Overhead per trial before the run has measured its own. */
    static final double DEFAULT_OVERHEAD_SECONDS = 5;

    private final RunConfig config;
    private final Map<String, Double> stepsPerSecond = new HashMap<>();
    private final double overheadSeconds;

    private TrialCosts(RunConfig config, List<CandidateRecord> candidates, List<TrialRecord> trials) {
        if (config.compute() == null || !config.compute().decided()) {
            throw new IllegalStateException("the run's compute is not decided yet (calibration first)");
        }
        this.config = config;
        List<Double> overheads = new ArrayList<>();
        for (TrialRecord t : trials) {
            if (t.samplesPerSecond() == null || !(t.samplesPerSecond() > 0) || t.steps() == null || t.steps() == 0) {
                continue;
            }
            stepsPerSecond.put(t.candidateId(), t.samplesPerSecond() / config.batchSize());
            double stepSeconds = t.steps() * (double) config.batchSize() / t.samplesPerSecond();
            overheads.add(Math.max(0, t.totalSeconds() - stepSeconds));
        }
        this.overheadSeconds = overheads.isEmpty() ? DEFAULT_OVERHEAD_SECONDS : median(overheads);
    }

    /** The costs as the run's stored trials tell them. */
    static TrialCosts of(RunConfig config, List<CandidateRecord> candidates, List<TrialRecord> trials) {
        return new TrialCosts(config, candidates, trials);
    }

    /**
     * The optimiser steps of a trial at {@code fidelity}: the screening's, times the fidelity factor
     * once promoted, times the final training's factor in the final training.
     */
    long steps(int fidelity) {
        long screening = config.compute().steps();
        return switch (fidelity) {
            case TrialRecord.SCREENING -> screening;
            case TrialRecord.FINAL -> Math.max(1, Math.round(screening * config.finalTraining().factor()));
            default -> Math.max(1, Math.round(screening * config.evaluation().fidelityFactor()));
        };
    }

    /** The compute of a trial of {@code candidate} (null: a proposal still to be made) at {@code fidelity}. */
    TrialRequest.Compute compute(CandidateRecord candidate, int fidelity) {
        double cap = Math.max(MIN_CAP_SECONDS, CAP_FACTOR * trainingSeconds(candidate, fidelity));
        return TrialRequest.Compute.steps(steps(fidelity), Math.ceil(cap));
    }

    /** How long a trial of {@code candidate} (null: a proposal still to be made) at {@code fidelity} is expected to take. */
    double expectedSeconds(CandidateRecord candidate, int fidelity) {
        return trainingSeconds(candidate, fidelity) + overheadSeconds;
    }

    /** The run's median overhead per trial: what a trial takes beyond its training steps. */
    double overheadSeconds() {
        return overheadSeconds;
    }

    private double trainingSeconds(CandidateRecord candidate, int fidelity) {
        return steps(fidelity) / rate(candidate);
    }

    /** Steps per second of {@code candidate}: its own measured, else its parent's, else the calibration's median. */
    double rate(CandidateRecord candidate) {
        if (candidate != null) {
            Double own = stepsPerSecond.get(candidate.id());
            if (own != null) {
                return own;
            }
            Double parent = candidate.parentId() == null ? null : stepsPerSecond.get(candidate.parentId());
            if (parent != null) {
                return parent;
            }
        }
        return config.compute().stepsPerSecond();
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(Double::compare);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
