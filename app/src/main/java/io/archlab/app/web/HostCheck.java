package io.archlab.app.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses, before any route runs, every request whose {@code Host} is not one the dashboard is
 * served under ({@link AllowedHosts}): 421 Misdirected Request with a one-line plain-text body.
 * Applies to pages, the JSON API, server-sent events, static files and errors alike. With no
 * {@code Host} at all, an HTTP/1.1 request is rejected (400) by Vert.x itself, and an HTTP/1.0
 * one is answered: no browser sends one, so no web page can be behind it.
 * Two {@code Host} headers, or one that is not a host and port, are refused (400).
 */
@ApplicationScoped
public class HostCheck {
    /** The body of the refusal. */
    static final String REFUSAL = "archlab: refused: the Host header names a host this dashboard is not served under"
            + " (see archlab serve --help)\n";

    @ConfigProperty(name = "quarkus.http.host")
    String listen;

    void register(@Observes Filters filters) {
        AllowedHosts allowed = AllowedHosts.listeningOn(listen);
        // after SecurityHeaders (100), so a refusal carries them too; before every route
        filters.register(rc -> check(rc, allowed), 90);
    }

    private static void check(RoutingContext rc, AllowedHosts allowed) {
        HttpServerRequest req = rc.request();
        HostAndPort authority = req.authority();
        int hosts = req.headers().getAll(HttpHeaders.HOST).size();
        if (hosts > 1) {
            refuse(rc, 400, "archlab: refused: more than one Host header\n");
        } else if (authority == null && hosts == 1) {
            refuse(rc, 400, "archlab: refused: a malformed Host header\n");
        } else if (authority != null && !allowed.admits(authority.host(), req.localAddress().hostAddress())) {
            refuse(rc, 421, REFUSAL);
        } else {
            rc.next();
        }
    }

    private static void refuse(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body);
    }
}
