package io.archlab.app.web;

import io.archlab.app.web.Overviews.EventLine;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.TrialRecord;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** The read-only JSON API behind the dashboard: every page's data, nothing that writes. Unknown ids answer 404. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {
    /** Events listed by default. */
    static final int EVENTS = 100;

    @Inject
    DashboardStore stores;
    @Inject
    RunSnapshots snapshots;
    @Inject
    RunRows rows;
    @Inject
    Overviews overviews;
    @Inject
    Boards boards;
    @Inject
    Fronts fronts;
    @Inject
    LineageGraphs lineages;
    @Inject
    CandidateDetails details;
    @Inject
    Comparisons comparisons;
    @Inject
    Knowledge knowledge;
    @Inject
    ClusterMembers members;

    /** One row of the ranked leaderboard (screening accuracy within the parameter budget). */
    public record Row(int rank, String candidateId, String name, String proposer, String parentId, Long params,
            double valAccuracy) {
    }

    @GET
    @Path("runs")
    public List<RunRows.RunRow> runs() {
        return rows.all();
    }

    @GET
    @Path("runs/{id}")
    public RunRows.RunRow run(@PathParam("id") String id) {
        return rows.row(id);
    }

    @GET
    @Path("runs/{id}/overview")
    public Overviews.Overview overview(@PathParam("id") String id) {
        return overviews.of(id);
    }

    @GET
    @Path("runs/{id}/leaderboard")
    public List<Row> leaderboard(@PathParam("id") String id) {
        RunSnapshot s = snapshots.get(id);
        List<Row> out = new ArrayList<>();
        for (Leaderboard.Entry e : s.board) {
            CandidateStats c = s.candidate(e.candidate().candidateId());
            out.add(new Row(e.rank(), c.id(), c.name(), c.proposer(), c.parentId(), c.params(), e.fitness()));
        }
        return out;
    }

    @GET
    @Path("runs/{id}/board")
    public Boards.Page board(@PathParam("id") String id, @QueryParam("sort") String sort,
            @QueryParam("dir") String dir, @QueryParam("filter") String filter, @QueryParam("q") String q,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return boards.page(id, Boards.Query.of(sort, dir, filter, q, page, size));
    }

    @GET
    @Path("runs/{id}/pareto")
    public Fronts.Front pareto(@PathParam("id") String id, @QueryParam("x") String x) {
        return fronts.of(id, x);
    }

    @GET
    @Path("runs/{id}/lineage")
    public LineageGraphs.Tree lineage(@PathParam("id") String id, @QueryParam("focus") String focus,
            @QueryParam("top") String top) {
        return lineages.of(id, focus, top);
    }

    @GET
    @Path("runs/{id}/candidates")
    public List<CandidateRecord> candidates(@PathParam("id") String id) {
        return stores.get().candidates(snapshots.run(id).id());
    }

    @GET
    @Path("runs/{id}/trials")
    public List<TrialRecord> trials(@PathParam("id") String id) {
        return stores.get().trials(snapshots.run(id).id());
    }

    @GET
    @Path("runs/{id}/events")
    public List<EventLine> events(@PathParam("id") String id, @QueryParam("limit") String limit) {
        List<EventRecord> all = snapshots.events(snapshots.run(id));
        int n = Math.max(1, Boards.parse(limit, EVENTS));
        return all.subList(Math.max(0, all.size() - n), all.size()).stream()
                .map(e -> new EventLine(e.id(), e.at(), e.kind(), e.message())).toList();
    }

    /** The machines of the run's cluster by time of joining (empty when it ran on one machine). */
    @GET
    @Path("runs/{id}/members")
    public List<ClusterMembers.Member> members(@PathParam("id") String id) {
        return members.of(id);
    }

    @GET
    @Path("candidates/{id}")
    public CandidateDetails.Detail candidate(@PathParam("id") String id) {
        return details.of(id);
    }

    @GET
    @Path("compare")
    public Comparisons.Comparison compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        return comparisons.of(a == null ? "" : a.strip(), b == null ? "" : b.strip());
    }

    @GET
    @Path("insights")
    public Knowledge.View insights(@QueryParam("run") String run, @QueryParam("q") String q) {
        return knowledge.of(run, q);
    }
}
