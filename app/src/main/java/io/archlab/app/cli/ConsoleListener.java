package io.archlab.app.cli;

import io.archlab.agent.LoopListener;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a run's progress, one line per finished trial. */
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
                ? String.format(Locale.ROOT, "val %.2f%% after %.1f epochs", 100 * t.valAccuracy(), t.epochs())
                : t.outcome() + ": " + firstLine(t.message());
        String params = c.params() == null ? "" : String.format(Locale.ROOT, "%,d params, ", c.params());
        out.printf(Locale.ROOT, "[%d/%d] %s (%s) %s%s, %.1f s%n", ordinal + 1, maxTrials, c.name(), origin, params,
                result, t.totalSeconds());
        out.flush();
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
