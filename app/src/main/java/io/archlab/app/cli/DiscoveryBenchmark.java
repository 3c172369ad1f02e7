package io.archlab.app.cli;

import io.archlab.agent.LoopListener;
import io.archlab.agent.RunConfig;
import io.archlab.agent.RunLauncher;
import io.archlab.agent.RunSummaries;
import io.archlab.evaluator.Stats;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code archlab bench discovery}: the evolutionary proposer against random search in the same DSL
 * space, with the same budgets, each repeated over seeds: the best validation accuracy reached
 * over time, the test accuracy of what each run selected, and the relative improvement over random.
 * Every run is a real run (real training in worker processes) in a temporary knowledge base.
 */
final class DiscoveryBenchmark {
    static final List<String> PROPOSERS = List.of("evolve", "random");
    static final double[] CHECKPOINTS = {0.25, 0.5, 0.75, 1.0};

    private DiscoveryBenchmark() {
    }

    /**
     * One run's outcome.
     *
     * @param best the best screening validation accuracy within the budget at each checkpoint (NaN before any)
     * @param test the selected candidate's test accuracy (mean over its evaluated models), or NaN
     */
    record Outcome(String proposer, long seed, double[] best, double test, int trials, int succeeded) {
    }

    static List<Outcome> run(String task, String data, double minutes, long params, double trialSeconds, int seeds,
            PrintWriter out) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            for (String proposer : PROPOSERS) {
                Outcome o = one(task, data, minutes, params, trialSeconds, s, proposer);
                outcomes.add(o);
                out.printf(Locale.ROOT, "%s, seed %d: %d trials (%d succeeded), best validation %s, test %s%n",
                        proposer, s, o.trials(), o.succeeded(), pct(o.best()[CHECKPOINTS.length - 1]), pct(o.test()));
                out.flush();
            }
        }
        return outcomes;
    }

    private static Outcome one(String task, String data, double minutes, long params, double trialSeconds, long seed,
            String proposer) throws IOException {
        Path home = Files.createTempDirectory("archlab-bench-discovery");
        try (Store store = Stores.openHome(home)) {
            RunConfig cfg = RunConfig.defaults().withData(data, true)
                    .withBudgets(100_000, minutes, trialSeconds, params).withTaskAndSeed(task, seed)
                    .withEvaluation(RunConfig.Evaluation.OFF).withProposer(proposer, null);
            String runId = new RunLauncher(store, home, QUIET, WorkerLaunch.command()).start(cfg);
            RunRecord run = store.run(runId).orElseThrow();
            List<TrialRecord> trials = store.trials(runId);
            Map<String, CandidateRecord> byId = new HashMap<>();
            store.candidates(runId).forEach(c -> byId.put(c.id(), c));
            double[] best = new double[CHECKPOINTS.length];
            for (int i = 0; i < CHECKPOINTS.length; i++) {
                java.time.Instant at = run.createdAt().plus(Duration.ofMillis((long) (CHECKPOINTS[i] * minutes * 60_000)));
                best[i] = trials.stream().filter(t -> t.succeeded() && t.fidelity() == 0 && !t.finishedAt().isAfter(at)
                        && byId.get(t.candidateId()).params() != null && byId.get(t.candidateId()).params() <= params)
                        .mapToDouble(TrialRecord::valAccuracy).max().orElse(Double.NaN);
            }
            // after the time budget the run still finishes the trial in flight: the last checkpoint is the run's end
            best[CHECKPOINTS.length - 1] = trials.stream().filter(t -> t.succeeded() && t.fidelity() == 0
                    && byId.get(t.candidateId()).params() != null && byId.get(t.candidateId()).params() <= params)
                    .mapToDouble(TrialRecord::valAccuracy).max().orElse(Double.NaN);
            String selected = store.finalEvaluations(runId).isEmpty() ? null
                    : store.finalEvaluations(runId).get(0).candidateId();
            Double test = selected == null ? null : RunSummaries.meanTest(store.finalEvaluations(runId), selected);
            return new Outcome(proposer, seed, best, test == null ? Double.NaN : test, trials.size(),
                    (int) trials.stream().filter(TrialRecord::succeeded).count());
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The Markdown table of the outcomes: mean ± standard deviation over seeds, then RI over random. */
    static String table(List<Outcome> outcomes, double minutes) {
        StringBuilder b = new StringBuilder();
        b.append("| proposer | runs |");
        for (double c : CHECKPOINTS) {
            b.append(" best val. after ").append(new java.math.BigDecimal(c * minutes).setScale(2,
                    java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()).append(" min |");
        }
        b.append(" test of the selected | trials per run |\n|---|---:|");
        b.append("---:|".repeat(CHECKPOINTS.length)).append("---:|---:|\n");
        Map<String, double[]> finalBest = new HashMap<>();
        Map<String, double[]> finalTest = new HashMap<>();
        for (String p : PROPOSERS) {
            List<Outcome> mine = outcomes.stream().filter(o -> o.proposer().equals(p)).toList();
            b.append("| ").append(p).append(" | ").append(mine.size()).append(" |");
            for (int i = 0; i < CHECKPOINTS.length; i++) {
                int k = i;
                b.append(' ').append(meanSd(mine.stream().mapToDouble(o -> o.best()[k]).toArray())).append(" |");
            }
            double[] test = mine.stream().mapToDouble(Outcome::test).toArray();
            b.append(' ').append(meanSd(test)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", mine.stream().mapToInt(Outcome::trials).average()
                            .orElse(0))).append(" |\n");
            finalBest.put(p, mine.stream().mapToDouble(o -> o.best()[CHECKPOINTS.length - 1]).filter(Double::isFinite)
                    .toArray());
            finalTest.put(p, java.util.Arrays.stream(test).filter(Double::isFinite).toArray());
        }
        b.append('\n');
        for (String what : List.of("validation", "test")) {
            Map<String, double[]> m = what.equals("validation") ? finalBest : finalTest;
            if (m.get("evolve").length > 0 && m.get("random").length > 0) {
                double e = Stats.mean(m.get("evolve"));
                double r = Stats.mean(m.get("random"));
                b.append(String.format(Locale.ROOT, "RI of evolve over random search (%s, at the end): %+.2f%% "
                        + "(%.2f%% vs %.2f%%)%n", what, 100 * (e - r) / r, 100 * e, 100 * r));
            }
        }
        return b.toString();
    }

    private static String meanSd(double[] v) {
        double[] f = java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
        if (f.length == 0) {
            return "-";
        }
        return f.length == 1 ? pct(f[0]) : String.format(Locale.ROOT, "%.2f ± %.2f%%", 100 * Stats.mean(f),
                100 * Stats.standardDeviation(f));
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "-";
    }

    private static final LoopListener QUIET = new LoopListener() {
        @Override
        public void trialStarted(int ordinal, int maxTrials, CandidateRecord candidate) {
        }

        @Override
        public void trialFinished(int ordinal, int maxTrials, CandidateRecord candidate, TrialRecord trial) {
        }

        @Override
        public void info(String message) {
        }
    };
}
