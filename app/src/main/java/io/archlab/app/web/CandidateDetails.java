package io.archlab.app.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.archlab.app.web.Overviews.EventLine;
import io.archlab.app.web.Overviews.Named;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.LineageEdge;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.train.EpochPoint;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The candidate page: what was proposed and why, its source against its parent's, its IR drawn and
 * measured, its trials and curves, the checks it failed and the repairs, the analyst's insights, and
 * the LLM exchanges that produced it.
 */
@ApplicationScoped
public class CandidateDetails {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    /** Event kinds that name a candidate first ({@code Name: ...}). */
    static final Set<String> NAMING_EVENTS = Set.of("check", "discovery", "assessed");

    @Inject
    DashboardStore stores;

    @Inject
    RunSnapshots snapshots;

    @Inject
    Analyses analyses;

    /** One trial's per-epoch curve. */
    @TemplateData
    public record Curve(int ordinal, int fidelity, long seed, String outcome, List<EpochPoint> points) {
    }

    /**
     * Everything the page shows.
     *
     * @param stats      its figures in the run's snapshot (null while the run's digest does not know it yet)
     * @param diff       its source against its parent's, or null for a root
     * @param irDiff     the structural difference from its parent, or null
     * @param checks     events that name it: failed checks, repairs, verdicts
     */
    @TemplateData
    public record Detail(CandidateRecord candidate, CandidateStats stats, Integer rank, boolean feasible,
            Named parent, List<Named> children, String nearestId, String nearestName, Integer structuralDistance,
            Double hypothesisSimilarity, Analysis analysis, IrDiagram.Diagram diagram, LineDiff.Diff diff,
            String irDiff, List<TrialRecord> trials, List<Curve> curves, List<AssessmentRecord> assessments,
            List<InsightRecord> insights, List<EventLine> checks, List<LlmExchangeRecord> exchanges,
            int batchSize) {
    }

    /** The candidate {@code id}, or 404. */
    public CandidateRecord find(String id) {
        return stores.get().candidate(id).orElseThrow(() -> new NotFoundException("no candidate " + id));
    }

    public Detail of(String id) {
        Store store = stores.get();
        CandidateRecord c = find(id);
        RunSnapshot s = snapshots.get(c.runId());
        CandidateStats stats = s.candidate(id);
        CandidateRecord parent = c.parentId() == null ? null : store.candidate(c.parentId()).orElse(null);
        List<Named> children = s.childrenOf(id).stream().map(k -> new Named(k.id(), k.name())).toList();
        var novelty = store.novelty(id).orElse(null);
        String nearestId = novelty == null ? null : novelty.nearestId();
        CandidateStats nearest = s.candidate(nearestId);
        Graph g = Analyses.graph(c);
        List<TrialRecord> trials = store.trialsOf(id);
        List<Curve> curves = new ArrayList<>();
        for (TrialRecord t : trials) {
            List<EpochPoint> points = curve(t.curveJson());
            if (!points.isEmpty()) {
                curves.add(new Curve(t.ordinal(), t.fidelity(), t.seed(), t.outcome(), points));
            }
        }
        String irDiff = c.parentId() == null ? null : store.lineage(id).stream()
                .filter(e -> e.childId().equals(id) && e.parentId().equals(c.parentId()))
                .map(LineageEdge::diffSummary).findFirst().orElse(null);
        List<EventLine> checks = new ArrayList<>();
        String prefix = c.name() + ":";
        for (EventRecord e : snapshots.events(s.run)) {
            if (NAMING_EVENTS.contains(e.kind()) && e.message().startsWith(prefix)) {
                checks.add(new EventLine(e.id(), e.at(), e.kind(), e.message()));
            }
        }
        List<AssessmentRecord> assessments = store.assessments(c.runId()).stream()
                .filter(a -> a.candidateId().equals(id)).toList();
        List<InsightRecord> insights = store.insights(c.runId()).stream().map(e -> e.item())
                .filter(i -> id.equals(i.candidateId())).toList();
        List<LlmExchangeRecord> exchanges = store.llmExchanges(c.runId()).stream()
                .filter(x -> id.equals(x.candidateId())).toList();
        return new Detail(c, stats, s.rank.get(id), stats != null && s.feasible(stats),
                parent == null ? null : new Named(parent.id(), parent.name()), children, nearestId,
                nearest == null ? null : nearest.name(), novelty == null ? null : novelty.structuralDistance(),
                novelty == null ? null : novelty.hypothesisSimilarity(), analyses.of(c, s.config.batchSize()),
                g == null ? null : IrDiagram.of(g), parent == null ? null : LineDiff.of(parent.source(), c.source()),
                irDiff, trials, curves, assessments, insights, checks, exchanges, s.config.batchSize());
    }

    static List<EpochPoint> curve(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<EpochPoint>>() { });
        } catch (Exception e) {
            return List.of();
        }
    }
}
