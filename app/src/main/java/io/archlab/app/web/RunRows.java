package io.archlab.app.web;

import io.archlab.agent.RunLauncher;
import io.archlab.agent.RunSummary;
import io.archlab.app.web.RunSnapshots.LlmSpend;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.FinalEvaluationRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The runs page's rows: each run with its state, proposer, budgets spent and best result. */
@ApplicationScoped
public class RunRows {
    @Inject
    DashboardStore stores;

    @Inject
    RunSnapshots snapshots;

    /**
     * One run. The fields of {@code archlab status --json} ({@link RunSummary}) come first, with the
     * same names and meaning.
     *
     * @param state      stored state in lower case, {@code interrupted} for a running run whose process is gone
     * @param best       the ranked best candidate (screening accuracy within the parameter budget), with its
     *                   test accuracy once the run evaluated it, or null
     * @param llmSpend   what the run spent on its language model (zeros without one)
     * @param maxUsd     the run's LLM spending limit in USD, 0 for none
     * @param maxTokens  the run's LLM token limit, 0 for none
     * @param discoveries candidates judged discoveries by the significance tests
     * @param note       null, or why the run's budgets (or the run) could not be read
     */
    @TemplateData
    public record RunRow(String runId, String state, String task, int trialsFinished, int maxTrials, long maxParams,
            double elapsedSeconds, Instant createdAt, RunSummary.Best best, String proposer, String llm,
            long maxMacs, double maxMinutes, int candidates, LlmSpend llmSpend, double maxUsd, long maxTokens,
            int discoveries, String note) {

        public boolean running() {
            return "running".equals(state);
        }
    }

    /** Every run, newest first; a run that cannot be summarised is listed with the reason. */
    public List<RunRow> all() {
        return stores.get().runs().stream().map(r -> {
            try {
                return row(r);
            } catch (RuntimeException e) {
                return new RunRow(r.id(), state(r), r.task(), 0, 0, 0, r.elapsedMs() / 1000.0, r.createdAt(), null,
                        null, null, 0, 0, 0, new LlmSpend(0, 0, 0, 0, 0), 0, 0, 0,
                        "it could not be summarised: " + e.getMessage());
            }
        }).toList();
    }

    /** One run, or 404. */
    public RunRow row(String runId) {
        return row(snapshots.run(runId));
    }

    RunRow row(RunRecord run) {
        Store store = stores.get();
        RunSnapshot s = snapshots.get(run);
        var llm = s.config.llm();
        int discoveries = (int) store.assessments(run.id()).stream()
                .filter(a -> "overall".equals(a.referenceKind()) && a.discovery()).count();
        return new RunRow(run.id(), state(run), run.task(), s.trialCount, s.config.maxTrials(), s.config.maxParams(),
                run.elapsedMs() / 1000.0, run.createdAt(), best(store, s), s.config.proposer(),
                llm == null ? null : llm.label(), s.config.maxMacs(), s.config.maxMinutes(), s.size(),
                snapshots.spend(run), llm == null ? 0 : llm.maxUsd(), llm == null ? 0 : llm.maxTokens(),
                discoveries, s.configNote);
    }

    /** The state a user should see: a running run whose process is gone was interrupted. */
    static String state(RunRecord run) {
        RunState st = run.state() == RunState.RUNNING && !RunLauncher.isAlive(run) ? RunState.INTERRUPTED
                : run.state();
        return st.name().toLowerCase(Locale.ROOT);
    }

    /** The ranked best candidate, with its test accuracy once measured. */
    static RunSummary.Best best(Store store, RunSnapshot s) {
        CandidateStats b = s.best();
        if (b == null) {
            return null;
        }
        Double test = io.archlab.agent.RunSummaries.meanTest(store.finalEvaluations(s.run.id()), b.id());
        return new RunSummary.Best(b.id(), b.name(), b.screeningAccuracy(), b.params(), test);
    }

    /** The run's overall verdicts (one per judged candidate). */
    static List<AssessmentRecord> verdicts(Store store, String runId) {
        return store.assessments(runId).stream().filter(a -> "overall".equals(a.referenceKind())).toList();
    }
}
