package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides a run's compute once, before its first trial: the screening's optimiser steps as the user
 * stated them ({@code --trial-steps}, {@code --trial-epochs}) or, for a user who thinks in time
 * ({@code --trial-seconds}), that time at the median throughput of the run's baselines, measured
 * here on the run's own trial runner (so on the machines that will train). The throughput also
 * tells the run how long its trials are expected to take. The result is stored with the run and
 * never re-derived: a resumed run trains with the same steps however busy the machine has become.
 */
final class Calibration {
    /** Steps a baseline's long probe trains beyond its short one: the steps the pace is measured on. */
    static final long PROBE_STEPS = 50;
    /** Steps of a baseline's short probe, and of the first, discarded probe that warms the engine up. */
    static final long WARMUP_STEPS = 10;
    /** Safety cap of a probe. */
    static final double PROBE_CAP_SECONDS = 300;

    private Calibration() {
    }

    /**
     * The decided compute of {@code config}.
     *
     * @param stepsPerEpoch optimiser steps in one pass over the training split at the run's batch size
     */
    static RunConfig.Compute decide(RunConfig config, TrialRunner runner, List<CandidateRecord> baselines,
            long stepsPerEpoch, String runId) {
        RunConfig.Compute asked = config.compute() == null ? new RunConfig.Compute(0, 0, 0, null) : config.compute();
        List<String> failures = new ArrayList<>();
        Map<String, Double> rates = probe(config, runner, baselines, config.budgets(), runId, failures);
        if (rates.isEmpty() && failures.stream().allMatch(f -> f.endsWith(": over_budget"))) {
            // The machine's pace does not depend on the budgets: a run whose budgets no baseline
            // fits still learns it from its first baseline, and only its candidates are held to them.
            failures.clear();
            rates = probe(config, runner, baselines.subList(0, 1), new Budgets(0, 0, 0), runId, failures);
        }
        if (rates.isEmpty()) {
            throw new RunException("cannot measure this machine's training throughput: no baseline trained ("
                    + String.join(", ", failures) + ")");
        }
        double median = TrialCosts.median(new ArrayList<>(rates.values()));
        long steps;
        if (asked.steps() > 0) {
            steps = asked.steps();
        } else if (asked.epochs() > 0) {
            steps = asked.epochs() * Math.max(1, stepsPerEpoch);
        } else {
            steps = Math.min(Math.round(config.trialSeconds() * median),
                    (long) config.maxEpochs() * Math.max(1, stepsPerEpoch));
        }
        return new RunConfig.Compute(Math.max(1, steps), asked.epochs(), median, rates);
    }

    /**
     * Steps per second of each baseline that trained its probes; the others' outcomes into
     * {@code failures}. A baseline trains a short probe and a long one; its pace is the long one's
     * extra steps over its extra step time, so what every trial pays once (building the model, the
     * engine's first passes over new shapes) is not counted as slow training. Counted in, it made a
     * 40-step probe of an MLP read 79 steps/s where its screenings ran at 240.
     */
    private static Map<String, Double> probe(RunConfig config, TrialRunner runner, List<CandidateRecord> baselines,
            Budgets budgets, String runId, List<String> failures) {
        Prober train = new Prober(config, runner, budgets, runId);
        train.steps(baselines.get(0), WARMUP_STEPS);   // a fresh worker's first steps are not its pace
        Map<String, Double> rates = new LinkedHashMap<>();
        for (CandidateRecord b : baselines) {
            TrialResult shortProbe = train.steps(b, WARMUP_STEPS);
            TrialResult longProbe = shortProbe.succeeded() ? train.steps(b, WARMUP_STEPS + PROBE_STEPS) : shortProbe;
            double rate = rate(shortProbe, longProbe);
            if (rate > 0) {
                rates.put(b.name(), rate);
            } else {
                failures.add(b.name() + ": " + longProbe.outcome().code());
            }
        }
        return rates;
    }

    /** Trains the probes of one calibration, numbered in order. */
    private static final class Prober {
        private final RunConfig config;
        private final TrialRunner runner;
        private final Budgets budgets;
        private final String runId;
        private int probes;

        Prober(RunConfig config, TrialRunner runner, Budgets budgets, String runId) {
            this.config = config;
            this.runner = runner;
            this.budgets = budgets;
            this.runId = runId;
        }

        TrialResult steps(CandidateRecord baseline, long steps) {
            return runner.run(new TrialRequest(runId + "-calibration-" + probes++, baseline.source(), config.seed(),
                    TrialRequest.Compute.steps(steps, PROBE_CAP_SECONDS), budgets, config.batchSize(),
                    TrialRequest.Optim.adamW(config.learningRate()), null));
        }
    }

    /** The pace between two probes of one model, or 0 when either failed. */
    static double rate(TrialResult shortProbe, TrialResult longProbe) {
        if (!shortProbe.succeeded() || !longProbe.succeeded() || shortProbe.metrics() == null
                || longProbe.metrics() == null || longProbe.metrics().stepSeconds() <= 0) {
            return 0;
        }
        long steps = longProbe.metrics().steps() - shortProbe.metrics().steps();
        double seconds = longProbe.metrics().stepSeconds() - shortProbe.metrics().stepSeconds();
        // Timer noise can leave no difference to divide by: the long probe's own pace is then a lower bound.
        return steps > 0 && seconds > 0 ? steps / seconds
                : longProbe.metrics().steps() / longProbe.metrics().stepSeconds();
    }

    /** One line saying what was decided and from what. */
    static String describe(RunConfig config, RunConfig.Compute c, long stepsPerEpoch) {
        StringBuilder from = new StringBuilder();
        c.calibratedOn().forEach((name, rate) -> from.append(from.length() == 0 ? "" : ", ")
                .append(name).append(String.format(Locale.ROOT, " %.1f", rate)));
        String basis = c.epochs() > 0 ? c.epochs() + " epoch(s)"
                : config.compute() != null && config.compute().steps() > 0 ? "as asked"
                : String.format(Locale.ROOT, "%s s at the baselines' median throughput", Fmt.plain(config.trialSeconds()));
        long promoted = Math.max(1, Math.round(c.steps() * config.evaluation().fidelityFactor()));
        return String.format(Locale.ROOT, "compute: screening %,d steps (%s; %.2f epochs), promoted %,d steps; "
                + "throughput %.1f steps/s (median of %s)", c.steps(), basis, (double) c.steps() / Math.max(1,
                stepsPerEpoch), promoted, c.stepsPerSecond(), from);
    }

    /** Numbers as a person writes them. */
    private static final class Fmt {
        static String plain(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
