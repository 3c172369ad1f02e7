package io.archlab.app.web;

import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrDiff;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Two candidates side by side (from one run or two): figures, verdicts, source diff and IR diff. */
@ApplicationScoped
public class Comparisons {
    @Inject
    DashboardStore stores;

    @Inject
    RunSnapshots snapshots;

    @Inject
    Analyses analyses;

    @Inject
    CandidateDetails details;

    /** One side: the candidate, its figures in its run, its static analysis and its overall verdict. */
    @TemplateData
    public record Side(CandidateRecord candidate, CandidateStats stats, Integer rank, boolean feasible,
            Analysis analysis, AssessmentRecord verdict) {
    }

    /**
     * @param diff   source lines from {@code a} to {@code b}
     * @param irDiff the structural difference from {@code a} to {@code b}, or null when either has no IR
     */
    @TemplateData
    public record Comparison(Side a, Side b, LineDiff.Diff diff, String irDiff) {
    }

    /** Candidates {@code a} and {@code b} compared, or 404 if either is unknown. */
    public Comparison of(String a, String b) {
        CandidateRecord ca = details.find(a);
        CandidateRecord cb = details.find(b);
        Graph ga = Analyses.graph(ca);
        Graph gb = Analyses.graph(cb);
        String ir = null;
        if (ga != null && gb != null) {
            try {
                ir = IrDiff.summary(IrDiff.diff(ga, gb));
            } catch (RuntimeException e) {
                ir = "(no structural diff: " + e.getMessage() + ")";
            }
        }
        return new Comparison(side(ca), side(cb), LineDiff.of(ca.source(), cb.source()), ir);
    }

    private Side side(CandidateRecord c) {
        RunSnapshot s = snapshots.get(c.runId());
        CandidateStats stats = s.candidate(c.id());
        AssessmentRecord verdict = RunRows.verdicts(stores.get(), c.runId()).stream()
                .filter(v -> v.candidateId().equals(c.id())).findFirst().orElse(null);
        return new Side(c, stats, s.rank.get(c.id()), stats != null && s.feasible(stats),
                analyses.of(c, s.config.batchSize()), verdict);
    }
}
