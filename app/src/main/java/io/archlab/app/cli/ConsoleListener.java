package io.archlab.app.cli;

import io.archlab.agent.LoopListener;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a run's progress: a line per finished trial, then a progress bar line. */
final class ConsoleListener implements LoopListener {
    private final PrintWriter out;

    ConsoleListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void trialStarted(int ordinal, int maxTrials, CandidateRecord c) {
    }

    @Override
    public void trialFinished(int ordinal, int maxTrials, CandidateRecord c, TrialRecord t) {
        String origin = c.parentId() == null ? c.proposer() : c.proposer() + ": " + c.changeSummary();
        String result = t.succeeded()
                ? String.format(Locale.ROOT, "val %.2f%% after %,d steps (%.1f epochs)", 100 * t.valAccuracy(),
                        t.steps(), t.epochs())
                : t.outcome() + ": " + firstLine(t.message());
        String params = c.params() == null ? "" : String.format(Locale.ROOT, "%,d params, ", c.params());
        String which = t.fidelity() == TrialRecord.FINAL ? "final, trial " + (ordinal + 1)
                : (ordinal + 1) + "/" + maxTrials;
        String recipe = t.fidelity() == TrialRecord.FINAL ? ", final recipe" : "";
        out.printf(Locale.ROOT, "[%s] %s (%s) %s%s%s, %.1f s%n", which, c.name(), origin, params, result, recipe,
                t.totalSeconds());
        out.flush();
    }

    /** {@code   [######..............] 6/20 · best 88.10% (LeNet5-c4) · 1m52s · ETA 4m40s · LLM $0.0123, 41,200 tok}. */
    @Override
    public void progress(Progress p) {
        int width = 20;
        int filled = p.maxTrials() == 0 ? 0 : Math.min(width, width * p.trialsDone() / p.maxTrials());
        StringBuilder sb = new StringBuilder("  [").append("#".repeat(filled)).append(".".repeat(width - filled))
                .append("] ").append(p.trialsDone()).append('/').append(p.maxTrials());
        if (p.best() != null) {
            sb.append(String.format(Locale.ROOT, " · best %.2f%% (%s)", 100 * p.best(), p.bestName()));
        }
        sb.append(" · ").append(duration(p.elapsedSeconds()));
        if (Double.isFinite(p.etaSeconds()) && p.trialsDone() < p.maxTrials()) {
            sb.append(" · ETA ").append(duration(p.etaSeconds()));
        }
        if (p.llmUsd() != null) {
            sb.append(String.format(Locale.ROOT, " · LLM $%.4f, %,d tok", p.llmUsd(), p.llmTokens()));
        }
        out.println(sb);
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    @Override
    public void info(String message) {
        out.println(message);
        out.flush();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i) + " ...";
    }
}
