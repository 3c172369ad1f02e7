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
    /** Steps of the throughput probe of each baseline. */
    static final long PROBE_STEPS = 40;
    /** Steps of the first, discarded probe that warms the engine up. */
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

    /** Steps per second of each baseline that trained its probe; the others' outcomes into {@code failures}. */
    private static Map<String, Double> probe(RunConfig config, TrialRunner runner, List<CandidateRecord> baselines,
            Budgets budgets, String runId, List<String> failures) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = -1; i < baselines.size(); i++) {
            CandidateRecord b = baselines.get(Math.max(0, i));
            TrialResult r = runner.run(new TrialRequest(runId + "-calibration-" + (i + 1), b.source(), config.seed(),
                    TrialRequest.Compute.steps(i < 0 ? WARMUP_STEPS : PROBE_STEPS, PROBE_CAP_SECONDS),
                    budgets, config.batchSize(), TrialRequest.Optim.adamW(config.learningRate()), null));
            if (i < 0) {
                continue;   // the engine's first steps in a fresh worker are not its pace
            }
            if (r.succeeded() && r.metrics() != null && r.metrics().stepSeconds() > 0) {
                rates.put(b.name(), r.metrics().steps() / r.metrics().stepSeconds());
            } else {
                failures.add(b.name() + ": " + r.outcome().code());
            }
        }
        return rates;
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
