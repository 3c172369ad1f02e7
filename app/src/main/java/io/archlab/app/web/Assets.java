package io.archlab.app.web;

import io.quarkus.qute.TemplateExtension;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's own static files ({@code static/archlab/}) under URLs that change with their
 * content: templates write {@code {asset:url('common.js')}}, which gives
 * {@code /static/archlab/<hash>/common.js} (the first 12 hex digits of the file's SHA-256). Those
 * are served from here with a year of immutable caching; a hash that is not the file's current one
 * is a 404, never another version's file. The plain {@code /static/archlab/common.js} is still
 * served (by Quarkus) but revalidated on every use ({@code no-cache}), so an upgrade is never
 * hidden behind a cached copy.
 */
@ApplicationScoped
public class Assets {
    static final String PREFIX = "/static/archlab/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    private static final String ROOT = "META-INF/resources/static/archlab/";
    /** A file directly in static/archlab/: no path separators, no dot-segments. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+\\.[a-z0-9]+");
    private static final Map<String, Asset> LOADED = new ConcurrentHashMap<>();

    /** A file's content, its hash and its media type. */
    private record Asset(String hash, byte[] content, String type) {
    }

    /** The versioned URL of {@code name} (a file in static/archlab/); a missing file fails the page. */
    @TemplateExtension(namespace = "asset")
    static String url(String name) {
        Asset a = find(name);
        if (a == null) {
            throw new IllegalArgumentException("no dashboard asset " + name + " in " + ROOT);
        }
        return PREFIX + a.hash() + "/" + name;
    }

    void register(@Observes Filters filters) {
        filters.register(Assets::serve, 80);   // after HostCheck (90)
    }

    private static void serve(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!path.startsWith(PREFIX)) {
            rc.next();
            return;
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            rc.addHeadersEndHandler(v -> rc.response().headers().set(HttpHeaders.CACHE_CONTROL, REVALIDATE));
            rc.next();
            return;
        }
        if (rc.request().method() != HttpMethod.GET && rc.request().method() != HttpMethod.HEAD) {
            rc.next();
            return;
        }
        Asset a = find(rest.substring(slash + 1));
        if (a == null || !a.hash().equals(rest.substring(0, slash))) {
            rc.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end("archlab: no such dashboard file (from another version?): reload the page\n");
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, a.type())
                .putHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                .end(Buffer.buffer(a.content()));
    }

    /** The asset {@code name}, read and hashed once; null when there is none. */
    private static Asset find(String name) {
        if (!NAME.matcher(name).matches()) {
            return null;
        }
        Asset known = LOADED.get(name);
        if (known != null) {
            return known;
        }
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return null;   // not remembered: names come from requests
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
            Asset a = new Asset(hash, bytes, type(name));
            LOADED.put(name, a);
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String type(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> "application/octet-stream";
        };
    }
}
