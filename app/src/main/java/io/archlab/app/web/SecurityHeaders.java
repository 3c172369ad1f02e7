package io.archlab.app.web;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Headers on every response: no script or asset from elsewhere, no framing, no sniffing. */
public class SecurityHeaders {
    @ServerResponseFilter
    public void headers(ContainerResponseContext response) {
        response.getHeaders().putSingle("Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        response.getHeaders().putSingle("Referrer-Policy", "no-referrer");
    }
}
