package io.archlab.app.web;

import io.archlab.agent.RunSummary;
import io.archlab.app.web.RunSnapshot.OutcomeCount;
import io.archlab.app.web.RunSnapshot.Step;
import io.archlab.app.web.RunSnapshots.LlmSpend;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's overview: budgets used, best so far, outcomes, what it is doing now and on which machines
 * (its cluster members, when it dispatches trials to a cluster). The page renders it,
 * {@code /api/runs/{id}/overview} serves it, and {@code /api/runs/{id}/live} sends it again whenever
 * it changes. Equal overviews are equal records, so a stream can skip repetitions.
 */
@ApplicationScoped
public class Overviews {
    /** Latest events shown. */
    static final int EVENTS = 12;
    /** Proposed candidates shown as in flight. */
    static final int IN_FLIGHT = 6;
    /** Latest trials shown. */
    static final int RECENT_TRIALS = 10;

    @Inject
    DashboardStore stores;

    @Inject
    RunSnapshots snapshots;

    @Inject
    ClusterMembers members;

    /** An event as shown. */
    @TemplateData
    public record EventLine(long id, Instant at, String kind, String message) {
    }

    /** A candidate by id and name. */
    @TemplateData
    public record Named(String id, String name) {
    }

    /**
     * @param live     whether the run's process is alive, so the overview will change
     * @param text     display strings of the budget figures, keyed {@code trials}, {@code time}, {@code tokens},
     *                 {@code cost}, {@code best}: the page and its live updates show the same text
     * @param inFlight proposed candidates without a finished trial yet (being trained, or next), newest first
     * @param events   the latest events, newest first
     * @param recentTrials the latest trials, newest first
     * @param members  the machines of the run's cluster by time of joining (empty when it ran on one machine)
     * @param note     null, or why the run's budgets are unknown
     * @param finalTraining its final training beside the search's figures, or null before it (or without one)
     * @param computeWarning why its figures of one fidelity are not comparable (unequal steps), or null
     */
    @TemplateData
    public record Overview(String runId, String state, boolean live, String task, String proposer, String llm,
            int trialsFinished, int maxTrials, double elapsedSeconds, double maxMinutes, LlmSpend llmSpend,
            double maxUsd, long maxTokens, int candidates, int succeededTrials, int failedCandidates,
            int promotedCandidates, int discoveries, RunSummary.Best best, List<OutcomeCount> outcomes,
            List<Step> bestSoFar, List<Step> screened, List<Named> inFlight, List<EventLine> events,
            List<RunSnapshot.TrialLine> recentTrials, List<ClusterMembers.Member> members, String note,
            Map<String, String> text, FinalTrainings.Final finalTraining, String computeWarning) {
    }

    /** The overview of {@code runId}, or 404. */
    public Overview of(String runId) {
        return of(snapshots.run(runId));
    }

    Overview of(RunRecord run) {
        Store store = stores.get();
        RunSnapshot s = snapshots.get(run);
        String state = RunRows.state(run);
        boolean live = state.equals("running");
        var llm = s.config.llm();
        LlmSpend spend = snapshots.spend(run);
        RunSummary.Best best = RunRows.best(store, s);
        List<Named> inFlight = new ArrayList<>();
        if (live) {
            for (int i = s.candidates.size() - 1; i >= 0 && inFlight.size() < IN_FLIGHT; i--) {
                CandidateStats c = s.candidates.get(i);
                if (c.pending()) {
                    inFlight.add(new Named(c.id(), c.name()));
                }
            }
        }
        List<EventRecord> all = snapshots.events(run);
        List<EventLine> events = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && events.size() < EVENTS; i--) {
            EventRecord e = all.get(i);
            events.add(new EventLine(e.id(), e.at(), e.kind(), e.message()));
        }
        int failed = (int) s.candidates.stream().filter(CandidateStats::failed).count();
        int promoted = (int) s.candidates.stream().filter(CandidateStats::promoted).count();
        int discoveries = (int) RunRows.verdicts(store, run.id()).stream().filter(a -> a.discovery()).count();
        double maxUsd = llm == null ? 0 : llm.maxUsd();
        long maxTokens = llm == null ? 0 : llm.maxTokens();
        Map<String, String> text = new LinkedHashMap<>();
        text.put("trials", s.trialCount + (s.budgetsKnown() ? " / " + s.config.maxTrials() : ""));
        text.put("time", String.format(Locale.ROOT, "%.1f", run.elapsedMs() / 60000.0)
                + (s.budgetsKnown() ? String.format(Locale.ROOT, " / %.1f", s.config.maxMinutes()) : "") + " min");
        text.put("tokens", String.format(Locale.ROOT, "%,d", spend.tokens())
                + (maxTokens > 0 ? String.format(Locale.ROOT, " / %,d", maxTokens) : ""));
        text.put("cost", String.format(Locale.ROOT, "$%.4f", spend.usd())
                + (maxUsd > 0 ? String.format(Locale.ROOT, " / $%.2f", maxUsd) : ""));
        text.put("best", best == null ? "none yet" : best.name() + " · "
                + String.format(Locale.ROOT, "%.2f%%", 100 * best.valAccuracy()));
        text.put("candidates", String.format(Locale.ROOT, "%,d (%,d failed, %,d promoted, %,d discoveries)",
                s.size(), failed, promoted, discoveries));
        return new Overview(run.id(), state, live, run.task(), s.config.proposer(), llm == null ? null : llm.label(),
                s.trialCount, s.config.maxTrials(), run.elapsedMs() / 1000.0, s.config.maxMinutes(), spend, maxUsd,
                maxTokens, s.size(), s.succeededTrials, failed, promoted, discoveries, best, s.outcomes, s.bestSoFar,
                s.screened, inFlight, events, s.recentTrials.subList(0, Math.min(RECENT_TRIALS, s.recentTrials.size())),
                members.of(run), s.configNote, text, FinalTrainings.of(store, s), s.computeWarning);
    }
}
