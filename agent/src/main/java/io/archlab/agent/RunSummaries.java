package io.archlab.agent;

import io.archlab.evaluator.BudgetedAccuracy;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.Standings;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import java.util.List;

/** Builds {@link RunSummary}s and leaderboards from the store. */
public final class RunSummaries {
    private RunSummaries() {
    }

    /** Summaries of all runs, newest first. */
    public static List<RunSummary> all(Store store) {
        return store.runs().stream().map(r -> of(store, r)).toList();
    }

    public static RunSummary of(Store store, RunRecord run) {
        RunConfig config = RunConfig.fromJson(run.configJson());
        List<Leaderboard.Entry> board = leaderboard(store, run.id(), config);
        RunSummary.Best best = null;
        if (!board.isEmpty()) {
            Leaderboard.Entry top = board.get(0);
            Double test = meanTest(store.finalEvaluations(run.id()), top.candidate().candidateId());
            best = new RunSummary.Best(top.candidate().candidateId(), top.candidate().name(), top.fitness(),
                    top.candidate().params(), test);
        }
        String state = run.state() == RunState.RUNNING && !RunLauncher.isAlive(run)
                ? RunState.INTERRUPTED.name() : run.state().name();
        return new RunSummary(run.id(), state.toLowerCase(), run.task(), store.trials(run.id()).size(),
                config.maxTrials(), config.maxParams(), run.elapsedMs() / 1000.0, run.createdAt(), best);
    }

    /**
     * The mean test accuracy of a candidate's evaluated models (one per seed it was selected with),
     * or null when none was evaluated.
     */
    public static Double meanTest(List<FinalEvaluationRecord> finals, String candidateId) {
        double[] a = finals.stream().filter(f -> f.candidateId().equals(candidateId))
                .mapToDouble(FinalEvaluationRecord::testAccuracy).toArray();
        return a.length == 0 ? null : java.util.Arrays.stream(a).average().orElseThrow();
    }

    /** The run's leaderboard under its own parameter budget. */
    public static List<Leaderboard.Entry> leaderboard(Store store, RunRecord run) {
        return leaderboard(store, run.id(), RunConfig.fromJson(run.configJson()));
    }

    private static List<Leaderboard.Entry> leaderboard(Store store, String runId, RunConfig config) {
        return Standings.leaderboard(store, runId, new BudgetedAccuracy(config.maxParams()));
    }
}
