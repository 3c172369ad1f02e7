package io.archlab.app.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.WeakHashMap;

/**
 * The dashboard shows a knowledge base that is private to its owner, so on loopback it answers
 * only its owner's account (and root): a connection from another local account is refused with
 * 403 before any page or API runs. The account of each connection is read once from the kernel's
 * socket tables ({@link PeerAccounts}); where there are none (not Linux) every loopback client is
 * served. Clients over the network are a matter of {@code --host}.
 */
@ApplicationScoped
public class LocalPeers {
    /** The refusal's body. */
    static final String REFUSAL = "archlab: this dashboard serves only the account that runs it on this machine\n";
    private final PeerAccounts peers = new PeerAccounts(Path.of("/proc/net"));
    private final Map<HttpConnection, Boolean> verdicts = Collections.synchronizedMap(new WeakHashMap<>());
    private final int owner = owner();

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (admitted(rc)) {
                rc.next();
            } else {
                rc.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8").end(REFUSAL);
            }
        }, 300);
    }

    private boolean admitted(RoutingContext rc) {
        SocketAddress remote = rc.request().remoteAddress();
        SocketAddress local = rc.request().localAddress();
        if (owner < 0 || remote == null || local == null || remote.hostAddress() == null
                || !isLoopback(remote.hostAddress()) || !peers.available()) {
            return true;
        }
        HttpConnection c = rc.request().connection();
        Boolean known = c == null ? null : verdicts.get(c);
        if (known != null) {
            return known;
        }
        OptionalInt uid = peers.uidOf(new InetSocketAddress(remote.hostAddress(), remote.port()),
                new InetSocketAddress(local.hostAddress(), local.port()));
        boolean ok = uid.isPresent() && (uid.getAsInt() == owner || uid.getAsInt() == 0);
        if (c != null) {
            verdicts.put(c, ok);
        }
        return ok;
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** This process's account, or -1 where the system does not say. */
    private static int owner() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (Exception e) {
            return -1;
        }
    }
}
