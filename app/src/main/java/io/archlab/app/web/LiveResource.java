package io.archlab.app.web;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.function.Predicate;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * A run's overview as server-sent events: the store is read every {@link #PERIOD} and the overview
 * sent when it changed (the first one at once). For a run that is not running, the stream ends
 * after its one overview; a running run's stream lasts until the client leaves.
 */
@Path("/api/runs/{id}/live")
public class LiveResource {
    static final Duration PERIOD = Duration.ofSeconds(2);

    @Inject
    Overviews overviews;

    @Inject
    RunSnapshots snapshots;

    @GET
    @Blocking   // the 404 check reads the store: not on the event loop
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Overviews.Overview> live(@PathParam("id") String id) {
        snapshots.run(id);   // 404 before the stream starts
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(PERIOD)
                .onOverflow().drop()
                .map(tick -> overviews.of(id))
                .select().first(untilFinished())
                .skip().repetitions();
    }

    /** Passes overviews up to and including the first of a run that is not running. */
    private static Predicate<Overviews.Overview> untilFinished() {
        boolean[] finished = {false};
        return o -> {
            if (finished[0]) {
                return false;
            }
            finished[0] = !o.live();
            return true;
        };
    }
}
