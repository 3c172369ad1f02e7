package io.archlab.app.cli;

import io.archlab.agent.RunConfig;
import io.archlab.agent.RunLauncher;
import io.archlab.agent.RunSummaries;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.reports.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Runs (or resumes) a run from the CLI, then prints its leaderboard and writes its report. */
final class RunSession {
    private static final int ROWS = 10;

    private RunSession() {
    }

    static int start(Path home, RunConfig config, PrintWriter out) throws IOException {
        try (Store store = Stores.open(home)) {
            out.println("archlab home: " + home);
            java.util.Set<String> before = new java.util.HashSet<>();
            store.runs().forEach(r -> before.add(r.id()));
            String runId;
            try {
                runId = new RunLauncher(store, home, new ConsoleListener(out), WorkerLaunch.command()).start(config);
            } catch (RuntimeException | Error e) {
                // a run that failed or stopped on an error still gets its report
                store.runs().stream().filter(r -> !before.contains(r.id()))
                        .forEach(r -> reportAfterError(store, home, r.id(), out));
                throw e;
            }
            finish(store, home, runId, out);
        }
        return 0;
    }

    static int resume(Path home, String runId, PrintWriter out) throws IOException {
        try (Store store = Stores.open(home)) {
            out.println("archlab home: " + home);
            try {
                new RunLauncher(store, home, new ConsoleListener(out), WorkerLaunch.command()).resume(runId);
            } catch (RuntimeException | Error e) {
                if (store.run(runId).isPresent()) {
                    reportAfterError(store, home, runId, out);
                }
                throw e;
            }
            finish(store, home, runId, out);
        }
        return 0;
    }

    /** Writes the report of a run that ended on an error; a failure to do so is told, not thrown over the error. */
    private static void reportAfterError(Store store, Path home, String runId, PrintWriter out) {
        try {
            for (Path report : Reports.write(store, runId, RunLauncher.runDir(home, runId),
                    java.util.EnumSet.allOf(Reports.Format.class))) {
                out.println("report: " + report);
            }
        } catch (IOException | RuntimeException e) {
            out.println("the report of run " + runId + " could not be written: " + e.getMessage());
        }
        out.flush();
    }

    private static void finish(Store store, Path home, String runId, PrintWriter out) throws IOException {
        RunRecord run = store.run(runId).orElseThrow();
        printLeaderboard(store, run, out);
        for (Path report : Reports.write(store, runId, RunLauncher.runDir(home, runId),
                java.util.EnumSet.allOf(Reports.Format.class))) {
            out.println("report: " + report);
        }
        out.flush();
    }

    static void printLeaderboard(Store store, RunRecord run, PrintWriter out) {
        List<Leaderboard.Entry> board = RunSummaries.leaderboard(store, run);
        List<FinalEvaluationRecord> finals = store.finalEvaluations(run.id());
        out.println();
        out.println("Leaderboard of run " + run.id() + " (validation accuracy; test accuracy of the selected"
                + " candidate only):");
        if (board.isEmpty()) {
            out.println("  no candidate trained successfully within the budget");
            return;
        }
        int width = Math.max(9, board.stream().limit(ROWS).mapToInt(e -> e.candidate().name().length()).max()
                .orElse(9));
        out.printf(Locale.ROOT, "  %4s  %-" + width + "s  %10s  %9s  %9s%n", "rank", "candidate", "params",
                "val acc", "test acc");
        for (Leaderboard.Entry e : board.subList(0, Math.min(ROWS, board.size()))) {
            Double mean = RunSummaries.meanTest(finals, e.candidate().candidateId());
            String test = mean == null ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * mean);
            out.printf(Locale.ROOT, "  %4d  %-" + width + "s  %,10d  %8.2f%%  %9s%n", e.rank(), e.candidate().name(),
                    e.candidate().params(), 100 * e.fitness(), test);
        }
        if (board.size() > ROWS) {
            out.println("  ... " + (board.size() - ROWS) + " more in the report");
        }
        out.println();
    }
}
