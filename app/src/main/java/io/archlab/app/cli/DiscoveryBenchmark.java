package io.archlab.app.cli;

import io.archlab.agent.LoopListener;
import io.archlab.agent.RunConfig;
import io.archlab.agent.RunLauncher;
import io.archlab.agent.RunSummaries;
import io.archlab.agent.llm.LlmConfig;
import io.archlab.agent.llm.LlmProposer;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code archlab bench discovery}: proposers (LLM, hybrid, evolution, random search) against each
 * other in the same DSL space with the same budgets, each repeated over seeds: the best validation
 * accuracy reached over time, the test accuracy of what each run selected, and the relative
 * improvement over random search. Every run is a real run (real training in worker processes) in a
 * temporary knowledge base. The first run decides the steps per trial from this machine's
 * throughput; every later run trains exactly those steps, so all runs compare at equal compute.
 */
final class DiscoveryBenchmark {
    static final List<String> DEFAULT_PROPOSERS = List.of("evolve", "random");
    static final double[] CHECKPOINTS = {0.25, 0.5, 0.75, 1.0};

    private DiscoveryBenchmark() {
    }

    /**
     * What to compare.
     *
     * @param proposers    the proposers, each run once per seed
     * @param model        the language model of {@code llm} and {@code hybrid} runs, or null
     * @param replaySource the knowledge base a {@code replay:RUN} model reads the recorded run from, or null
     * @param compute      the steps per screening trial, or null to decide them from {@code trialSeconds} in
     *                     the first run; either way decided once and then given to every run
     * @param maxTrials    trials per run at most (the minutes are the other limit)
     * @param workerLaunch the command that starts a worker process, or null to train in this process
     */
    record Spec(String task, String data, double minutes, long params, double trialSeconds, RunConfig.Compute compute,
            int maxTrials, int seeds, List<String> proposers, LlmConfig model, Store replaySource, List<String> workerLaunch) {
    }

    /**
     * One run's outcome.
     *
     * @param best the best screening validation accuracy within the budget at each checkpoint (NaN before any)
     * @param test the selected candidate's test accuracy (mean over its evaluated models), or NaN
     * @param byLlm candidates the language model proposed (not counting slots its fallback filled)
     * @param steps steps per screening trial
     */
    record Outcome(String proposer, long seed, double[] best, double test, int trials, int succeeded, int byLlm,
            long steps) {
    }

    static List<Outcome> run(Spec spec, PrintWriter out) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        RunConfig.Compute compute = spec.compute();
        for (int s = 1; s <= spec.seeds(); s++) {
            for (String proposer : spec.proposers()) {
                Run r = one(spec, s, proposer, compute);
                compute = r.compute();
                Outcome o = r.outcome();
                outcomes.add(o);
                out.printf(Locale.ROOT, "%s, seed %d: %d trials (%d succeeded%s) of %,d steps, best validation %s, "
                        + "test %s%n", proposer, s, o.trials(), o.succeeded(), RunConfig.usesLlm(proposer)
                        ? ", " + o.byLlm() + " proposed by the LLM" : "", o.steps(), pct(o.best()[CHECKPOINTS.length
                        - 1]), pct(o.test()));
                out.flush();
            }
        }
        return outcomes;
    }

    /** A run's outcome and the compute it trained with (decided by the first run, reused by the others). */
    private record Run(Outcome outcome, RunConfig.Compute compute) {
    }

    private static Run one(Spec spec, long seed, String proposer, RunConfig.Compute compute) throws IOException {
        Path home = Files.createTempDirectory("archlab-bench-discovery");
        try (Store store = Stores.openHome(home)) {
            RunConfig cfg = RunConfig.defaults().withData(spec.data(), true)
                    .withBudgets(spec.maxTrials(), spec.minutes(), spec.trialSeconds(), spec.params())
                    .withTaskAndSeed(spec.task(), seed).withEvaluation(RunConfig.Evaluation.OFF)
                    .withProposer(proposer, RunConfig.usesLlm(proposer) ? spec.model() : null);
            if (compute != null) {
                cfg = cfg.withCompute(compute);
            }
            String runId = new RunLauncher(store, home, QUIET, spec.workerLaunch()).replayingFrom(spec.replaySource())
                    .start(cfg);
            RunRecord run = store.run(runId).orElseThrow();
            RunConfig.Compute decided = RunConfig.fromJson(run.configJson()).compute();
            return new Run(outcome(store, run, proposer, seed, spec, decided.steps()), decided);
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Outcome outcome(Store store, RunRecord run, String proposer, long seed, Spec spec, long steps) {
        String runId = run.id();
        List<TrialRecord> trials = store.trials(runId);
        Map<String, CandidateRecord> byId = new HashMap<>();
        store.candidates(runId).forEach(c -> byId.put(c.id(), c));
        List<TrialRecord> eligible = trials.stream().filter(t -> t.succeeded() && t.fidelity() == 0
                && byId.get(t.candidateId()).params() != null && byId.get(t.candidateId()).params() <= spec.params())
                .toList();
        double[] best = new double[CHECKPOINTS.length];
        for (int i = 0; i < CHECKPOINTS.length; i++) {
            Instant at = run.createdAt().plus(Duration.ofMillis((long) (CHECKPOINTS[i] * spec.minutes() * 60_000)));
            best[i] = eligible.stream().filter(t -> !t.finishedAt().isAfter(at)).mapToDouble(TrialRecord::valAccuracy)
                    .max().orElse(Double.NaN);
        }
        // after the time budget the run still finishes the trial in flight: the last checkpoint is the run's end
        best[CHECKPOINTS.length - 1] = eligible.stream().mapToDouble(TrialRecord::valAccuracy).max().orElse(Double.NaN);
        String selected = store.finalEvaluations(runId).isEmpty() ? null
                : store.finalEvaluations(runId).get(0).candidateId();
        Double test = selected == null ? null : RunSummaries.meanTest(store.finalEvaluations(runId), selected);
        int byLlm = (int) byId.values().stream().filter(c -> LlmProposer.NAME.equals(c.proposer())).count();
        return new Outcome(proposer, seed, best, test == null ? Double.NaN : test, trials.size(),
                (int) trials.stream().filter(TrialRecord::succeeded).count(), byLlm, steps);
    }

    /** The Markdown table of the outcomes: mean ± standard deviation over seeds, then RI over random. */
    static String table(List<Outcome> outcomes, double minutes) {
        List<String> proposers = outcomes.stream().map(Outcome::proposer).distinct().toList();
        StringBuilder b = new StringBuilder();
        b.append("| proposer | runs |");
        for (double c : CHECKPOINTS) {
            b.append(" best val. after ").append(new java.math.BigDecimal(c * minutes).setScale(2,
                    java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()).append(" min |");
        }
        b.append(" test of the selected | trials per run | LLM-made per run |\n|---|---:|");
        b.append("---:|".repeat(CHECKPOINTS.length)).append("---:|---:|---:|\n");
        Map<String, double[]> finalBest = new HashMap<>();
        Map<String, double[]> finalTest = new HashMap<>();
        for (String p : proposers) {
            List<Outcome> mine = outcomes.stream().filter(o -> o.proposer().equals(p)).toList();
            b.append("| ").append(p).append(" | ").append(mine.size()).append(" |");
            for (int i = 0; i < CHECKPOINTS.length; i++) {
                int k = i;
                b.append(' ').append(meanSd(mine.stream().mapToDouble(o -> o.best()[k]).toArray())).append(" |");
            }
            double[] test = mine.stream().mapToDouble(Outcome::test).toArray();
            b.append(' ').append(meanSd(test)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", mine.stream().mapToInt(Outcome::trials).average()
                            .orElse(0))).append(" | ")
                    .append(RunConfig.usesLlm(p) ? String.format(Locale.ROOT, "%.1f", mine.stream()
                            .mapToInt(Outcome::byLlm).average().orElse(0)) : "-").append(" |\n");
            finalBest.put(p, mine.stream().mapToDouble(o -> o.best()[CHECKPOINTS.length - 1])
                    .filter(Double::isFinite).toArray());
            finalTest.put(p, Arrays.stream(test).filter(Double::isFinite).toArray());
        }
        long[] steps = outcomes.stream().mapToLong(Outcome::steps).distinct().toArray();
        b.append('\n').append(steps.length == 1 ? String.format(Locale.ROOT, "Every run trained %,d steps per "
                + "screening trial.%n", steps[0]) : "Runs trained different steps per screening trial ("
                + Arrays.toString(steps) + "): their figures are not at equal compute.\n");
        if (proposers.contains("random")) {
            for (String p : proposers) {
                if (p.equals("random")) {
                    continue;
                }
                for (String what : List.of("validation", "test")) {
                    Map<String, double[]> m = what.equals("validation") ? finalBest : finalTest;
                    if (m.get(p).length > 0 && m.get("random").length > 0) {
                        double e = Stats.mean(m.get(p));
                        double r = Stats.mean(m.get("random"));
                        b.append(String.format(Locale.ROOT, "RI of %s over random search (%s, at the end): %+.2f%% "
                                + "(%.2f%% vs %.2f%%)%n", p, what, 100 * (e - r) / r, 100 * e, 100 * r));
                    }
                }
            }
        }
        return b.toString();
    }

    private static String meanSd(double[] v) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).toArray();
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
