package io.archlab.app.web;

import io.archlab.agent.RunSummaries;
import io.archlab.agent.RunSummary;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The read-only JSON API behind the dashboard. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {
    @Inject
    DashboardStore stores;

    /** One leaderboard row. */
    public record Row(int rank, String candidateId, String name, String proposer, String parentId, Long params,
            double valAccuracy) {
    }

    @GET
    public List<RunSummary> runs() {
        return RunSummaries.all(stores.get());
    }

    @GET
    @Path("{id}")
    public RunSummary run(@PathParam("id") String id) {
        Store store = stores.get();
        return RunSummaries.of(store, find(store, id));
    }

    @GET
    @Path("{id}/leaderboard")
    public List<Row> leaderboard(@PathParam("id") String id) {
        Store store = stores.get();
        return rows(store, find(store, id));
    }

    @GET
    @Path("{id}/candidates")
    public List<CandidateRecord> candidates(@PathParam("id") String id) {
        Store store = stores.get();
        return store.candidates(find(store, id).id());
    }

    @GET
    @Path("{id}/trials")
    public List<TrialRecord> trials(@PathParam("id") String id) {
        Store store = stores.get();
        return store.trials(find(store, id).id());
    }

    static List<Row> rows(Store store, RunRecord run) {
        List<CandidateRecord> cands = store.candidates(run.id());
        return RunSummaries.leaderboard(store, run).stream().map((Leaderboard.Entry e) -> {
            CandidateRecord c = cands.stream().filter(k -> k.id().equals(e.candidate().candidateId())).findFirst()
                    .orElseThrow();
            return new Row(e.rank(), c.id(), c.name(), c.proposer(), c.parentId(), c.params(), e.fitness());
        }).toList();
    }

    static RunRecord find(Store store, String id) {
        return store.run(id).orElseThrow(() -> new NotFoundException("no run " + id));
    }
}
