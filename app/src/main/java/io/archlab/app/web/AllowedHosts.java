package io.archlab.app.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The hosts the dashboard answers to, decided once from the address it listens on. A web page
 * that re-points its own DNS name at this machine (DNS rebinding) reaches the port but sends its
 * own name as the {@code Host}: only the names the dashboard is served under are answered.
 * <ul>
 *   <li>always the listen address as given ({@code --host}): a name, or an IP literal;</li>
 *   <li>on a loopback address, the loopback names {@code localhost}, {@code 127.0.0.1} and {@code [::1]};</li>
 *   <li>on a wildcard address ({@code 0.0.0.0}, {@code ::}), those, and the address the request
 *       arrived on (an IP literal: the machine's own); a DNS name only when it is the {@code --host}.</li>
 * </ul>
 * The port is not compared: a rebinding page controls the name, not the port, and SSH tunnels and
 * port mappings change the port. Names compare case-insensitively; IP literals by address.
 */
public final class AllowedHosts {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> hosts;
    private final boolean wildcard;

    private AllowedHosts(Set<String> hosts, boolean wildcard) {
        this.hosts = Set.copyOf(hosts);
        this.wildcard = wildcard;
    }

    /** The hosts answered when listening on {@code listen} (a name or IP literal, as {@code --host} takes it). */
    public static AllowedHosts listeningOn(String listen) {
        Set<String> hosts = new HashSet<>();
        String own = canonical(listen);
        if (own != null) {
            hosts.add(own);
        }
        InetAddress bound = resolve(listen);
        boolean wildcard = bound != null && bound.isAnyLocalAddress();
        if (wildcard || bound != null && bound.isLoopbackAddress()) {
            LOOPBACK_NAMES.forEach(n -> hosts.add(canonical(n)));
        }
        return new AllowedHosts(hosts, wildcard);
    }

    /**
     * Whether a request is answered whose {@code Host} names {@code host} (without the port, IPv6
     * in brackets) and that arrived on the local address {@code arrivedOn} (an IP literal).
     */
    public boolean admits(String host, String arrivedOn) {
        if (host == null || host.contains(":") && !host.startsWith("[")) {
            return false;   // a Host writes IPv6 in brackets
        }
        String h = canonical(host);
        return h != null && (hosts.contains(h) || wildcard && h.equals(canonical(arrivedOn)));
    }

    /**
     * One spelling per host: names in lower case, IP literals as {@link InetAddress} writes them
     * (IPv6 in brackets); null for what is neither. Never asks DNS.
     */
    static String canonical(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        InetAddress literal = literal(h);
        if (literal != null) {
            return literal instanceof Inet6Address ? "[" + literal.getHostAddress() + "]" : literal.getHostAddress();
        }
        return h.contains(":") || h.contains("[") || h.contains("]") ? null : h;
    }

    /** The address an IP literal ({@code 10.0.0.1}, {@code ::1}, {@code [::1]}) spells; null for anything else. */
    private static InetAddress literal(String h) {
        try {
            if (IPV4.matcher(h).matches()) {
                byte[] b = new byte[4];
                String[] parts = h.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return null;
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            if (h.contains(":")) {
                // bracketed, InetAddress parses an IPv6 literal or fails: it never looks the text up
                return InetAddress.getByName(h.startsWith("[") ? h : "[" + h + "]");
            }
            return null;
        } catch (UnknownHostException notALiteral) {
            return null;
        }
    }

    /** The address the server binds for {@code listen} (a DNS look-up for a name, once); null when unknown. */
    private static InetAddress resolve(String listen) {
        try {
            InetAddress literal = literal(listen.toLowerCase(Locale.ROOT));
            return literal != null ? literal : InetAddress.getByName(listen);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
