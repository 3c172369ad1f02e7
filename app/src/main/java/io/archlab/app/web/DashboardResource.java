package io.archlab.app.web;

import io.archlab.agent.RunSummaries;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Server-rendered dashboard pages. All model-written text is escaped by Qute. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {
    @Inject
    DashboardStore stores;

    @Inject
    Template runs;

    @Inject
    Template run;

    @GET
    public TemplateInstance index() {
        return runs.data("runs", RunSummaries.all(stores.get()));
    }

    @GET
    @Path("runs/{id}")
    public TemplateInstance run(@PathParam("id") String id) {
        Store store = stores.get();
        RunRecord r = ApiResource.find(store, id);
        return run.data("run", RunSummaries.of(store, r))
                .data("rows", ApiResource.rows(store, r))
                .data("trials", store.trials(r.id()))
                .data("candidates", store.candidates(r.id()));
    }
}
