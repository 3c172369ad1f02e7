package io.archlab.app.web;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The dashboard's pages, rendered on the server (Qute escapes all model-written text); charts are
 * drawn by local scripts from the page's {@code data-json} attribute. Unknown ids answer 404.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {
    /** Rows of the leaderboard excerpt on a run's overview. */
    static final int OVERVIEW_ROWS = 10;

    @Inject
    Template runs;
    @Inject
    Template run;
    @Inject
    Template leaderboard;
    @Inject
    Template pareto;
    @Inject
    Template lineage;
    @Inject
    Template candidate;
    @Inject
    Template compare;
    @Inject
    Template insights;

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
    PageData data;
    @Inject
    DashboardStore stores;

    @GET
    public TemplateInstance index() {
        return runs.data("runs", rows.all());
    }

    @GET
    @Path("runs/{id}")
    public TemplateInstance run(@PathParam("id") String id) {
        Overviews.Overview o = overviews.of(id);
        return run.data("runId", id).data("tab", "overview").data("o", o).data("json", data.json(o))
                .data("top", boards.page(id, Boards.Query.of("rank", null, "feasible", null, "1",
                        Integer.toString(OVERVIEW_ROWS))));
    }

    @GET
    @Path("runs/{id}/leaderboard")
    public TemplateInstance leaderboard(@PathParam("id") String id, @QueryParam("sort") String sort,
            @QueryParam("dir") String dir, @QueryParam("filter") String filter, @QueryParam("q") String q,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        Boards.Page p = boards.page(id, Boards.Query.of(sort, dir, filter, q, page, size));
        return leaderboard.data("runId", id).data("tab", "leaderboard").data("p", p)
                .data("sorts", Boards.SORTS.keySet()).data("filters", Boards.FILTERS);
    }

    @GET
    @Path("runs/{id}/pareto")
    public TemplateInstance pareto(@PathParam("id") String id, @QueryParam("x") String x) {
        Fronts.Front f = fronts.of(id, x);
        return pareto.data("runId", id).data("tab", "pareto").data("f", f).data("json", data.json(f))
                .data("axes", Fronts.AXES);
    }

    @GET
    @Path("runs/{id}/lineage")
    public TemplateInstance lineage(@PathParam("id") String id, @QueryParam("focus") String focus,
            @QueryParam("top") String top) {
        LineageGraphs.Tree t = lineages.of(id, focus, top);
        return lineage.data("runId", id).data("tab", "lineage").data("t", t).data("json", data.json(t));
    }

    /**
     * The icon browsers ask for on pages that name none (the self-contained reports): the
     * dashboard's own, so no request ends in a 404.
     */
    @GET
    @Path("favicon.ico")
    @Produces("image/svg+xml")
    public java.io.InputStream favicon() {
        return DashboardResource.class.getResourceAsStream("/META-INF/resources/static/archlab/favicon.svg");
    }

    /** The run's report, written from the store at request time (current while the run goes on). */
    @GET
    @Path("runs/{id}/report")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public String report(@PathParam("id") String id) {
        try {
            return io.archlab.reports.Reports.html(existingRun(id), id);
        } catch (IllegalArgumentException e) {
            throw unwritable(id, e);
        }
    }

    /** The same report as Markdown (its charts are the HTML version's). */
    @GET
    @Path("runs/{id}/report.md")
    @Produces("text/markdown;charset=utf-8")
    public String reportMarkdown(@PathParam("id") String id) {
        try {
            return io.archlab.reports.Reports.markdown(existingRun(id), id);
        } catch (IllegalArgumentException e) {
            throw unwritable(id, e);
        }
    }

    /** A run whose stored record cannot be reported on (e.g. a configuration from another version). */
    private static jakarta.ws.rs.WebApplicationException unwritable(String id, IllegalArgumentException e) {
        return new jakarta.ws.rs.WebApplicationException(jakarta.ws.rs.core.Response.status(409)
                .type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"))
                .entity("the report of run " + id + " cannot be written: " + e.getMessage()).build());
    }

    private io.archlab.knowledge.Store existingRun(String id) {
        io.archlab.knowledge.Store store = stores.get();
        if (store.run(id).isEmpty()) {
            throw new jakarta.ws.rs.NotFoundException("no run " + id);
        }
        return store;
    }

    @GET
    @Path("candidates/{id}")
    public TemplateInstance candidate(@PathParam("id") String id) {
        CandidateDetails.Detail d = details.of(id);
        return candidate.data("runId", d.candidate().runId()).data("tab", "").data("d", d)
                .data("json", data.json(d.curves()));
    }

    @GET
    @Path("compare")
    public TemplateInstance compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        if (a == null || a.isBlank() || b == null || b.isBlank()) {
            return compare.data("c", null).data("a", a == null ? "" : a).data("b", b == null ? "" : b);
        }
        Comparisons.Comparison c = comparisons.of(a.strip(), b.strip());
        return compare.data("c", c).data("a", a.strip()).data("b", b.strip());
    }

    @GET
    @Path("insights")
    public TemplateInstance insights(@QueryParam("run") String run, @QueryParam("q") String q) {
        Knowledge.View v = knowledge.of(run, q);
        return insights.data("v", v).data("runId", v.run()).data("tab", "insights");
    }
}
