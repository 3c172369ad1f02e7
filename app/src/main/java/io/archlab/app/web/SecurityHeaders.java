package io.archlab.app.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Headers on every HTTP response (pages, JSON, events, static files, errors): scripts, styles,
 * images and connections only from this server, no inline script, no {@code eval}, no framing, no
 * sniffing, no referrer.
 */
@ApplicationScoped
public class SecurityHeaders {
    /** The Content-Security-Policy of every response. */
    public static final String CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            var h = rc.response().headers();
            h.set("Content-Security-Policy", CSP);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("X-Frame-Options", "DENY");
            rc.next();
        }, 100);
    }
}
