package io.archlab.app.web;

import io.archlab.knowledge.Embedded;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.NoteRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The insights and notes browser: the analysts' insights (of one run or all) and the design notes, filtered by text. */
@ApplicationScoped
public class Knowledge {
    /** Items listed of each kind; the page says how many matched. */
    static final int LIMIT = 200;

    @Inject
    DashboardStore stores;

    @Inject
    RunSnapshots snapshots;

    /** An insight, with the name of the candidate it is about. */
    @TemplateData
    public record InsightLine(long id, String runId, String candidateId, String candidateName, String author,
            String text, Instant createdAt) {
    }

    /** A design note (without its embedding). */
    @TemplateData
    public record NoteLine(String id, String title, String body, String tags, String source, Instant addedAt) {
    }

    /**
     * @param run  the run whose insights are listed, or null for all runs
     * @param runs every run id, for the selector
     */
    @TemplateData
    public record View(String run, String q, List<String> runs, List<InsightLine> insights, int insightsMatched,
            List<NoteLine> notes, int notesMatched) {
    }

    /** Insights of {@code run} (all runs when blank; 404 when unknown) and notes matching {@code q}. */
    public View of(String run, String q) {
        Store store = stores.get();
        String text = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        String runId = run == null || run.isBlank() ? null : run.strip();
        List<RunRecord> runs = store.runs();
        if (runId != null && runs.stream().noneMatch(r -> r.id().equals(runId))) {
            throw new NotFoundException("no run " + runId);
        }
        List<InsightLine> insights = new ArrayList<>();
        int matched = 0;
        for (RunRecord r : runs) {
            if (runId != null && !r.id().equals(runId)) {
                continue;
            }
            RunSnapshot s = snapshots.get(r);
            List<Embedded<InsightRecord>> all = store.insights(r.id());
            for (int i = all.size() - 1; i >= 0; i--) {
                InsightRecord x = all.get(i).item();
                CandidateStats c = s.candidate(x.candidateId());
                String name = c == null ? null : c.name();
                if (matches(text, x.text(), x.author(), name)) {
                    matched++;
                    if (insights.size() < LIMIT) {
                        insights.add(new InsightLine(x.id(), x.runId(), x.candidateId(), name, x.author(), x.text(),
                                x.createdAt()));
                    }
                }
            }
        }
        List<NoteLine> notes = new ArrayList<>();
        int notesMatched = 0;
        for (Embedded<NoteRecord> e : store.notes()) {
            NoteRecord n = e.item();
            if (matches(text, n.title(), n.body(), n.tags())) {
                notesMatched++;
                if (notes.size() < LIMIT) {
                    notes.add(new NoteLine(n.id(), n.title(), n.body(), n.tags(), n.source(), n.addedAt()));
                }
            }
        }
        return new View(runId, q == null ? "" : q.strip(), runs.stream().map(RunRecord::id).toList(), insights,
                matched, notes, notesMatched);
    }

    private static boolean matches(String text, String... fields) {
        if (text.isEmpty()) {
            return true;
        }
        for (String f : fields) {
            if (f != null && f.toLowerCase(Locale.ROOT).contains(text)) {
                return true;
            }
        }
        return false;
    }
}
