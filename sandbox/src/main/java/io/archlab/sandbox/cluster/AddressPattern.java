package io.archlab.sandbox.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IPv4 address patterns, as Hazelcast writes interfaces: four parts, each a number, a range
 * {@code 10-20} or {@code *} ({@code 10.0.0.*}, {@code 192.168.1.7}).
 */
final class AddressPattern {
    private static final Pattern PART = Pattern.compile("\\*|\\d{1,3}(-\\d{1,3})?");

    private AddressPattern() {
    }

    /** Throws {@link IllegalArgumentException} naming a malformed pattern. */
    static void check(String pattern) {
        String[] parts = pattern.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("address pattern '" + pattern + "': expected four parts such as "
                    + "10.0.0.* or 192.168.1.10-20");
        }
        for (String p : parts) {
            if (!PART.matcher(p).matches()) {
                throw new IllegalArgumentException("address pattern '" + pattern + "': '" + p + "' is not a number, "
                        + "a range or *");
            }
            if (!p.equals("*")) {
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
                if (hi > 255 || lo > hi) {
                    throw new IllegalArgumentException("address pattern '" + pattern + "': '" + p + "' is not within "
                            + "0..255 in increasing order");
                }
            }
        }
    }

    /** Whether {@code ip} matches one of {@code patterns}; true for no patterns. */
    static boolean anyMatch(List<String> patterns, String ip) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> matches(p, ip));
    }

    static boolean matches(String pattern, String ip) {
        String[] p = pattern.split("\\.");
        String[] a = ip.split("\\.");
        if (a.length != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (p[i].equals("*")) {
                continue;
            }
            int v;
            try {
                v = Integer.parseInt(a[i]);
            } catch (NumberFormatException e) {
                return false;
            }
            int dash = p[i].indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? p[i] : p[i].substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(p[i].substring(dash + 1));
            if (v < lo || v > hi) {
                return false;
            }
        }
        return true;
    }

    /** The IPv4 address of {@code host}, with a clear error. */
    static String resolve(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a instanceof java.net.Inet4Address) {
                    return a.getHostAddress();
                }
            }
            throw new ClusterException(host + " has no IPv4 address");
        } catch (UnknownHostException e) {
            throw new ClusterException("unknown host " + host);
        }
    }
}
