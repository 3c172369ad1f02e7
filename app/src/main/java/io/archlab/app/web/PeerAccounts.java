package io.archlab.app.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which account on this machine a loopback TCP client runs as, read from the kernel's socket
 * tables ({@code /proc/net/tcp} and {@code tcp6} on Linux): the row whose local end is the
 * client's address and port and whose remote end is the server's carries the client socket's
 * owner. That is how a server on loopback tells its own user from the machine's other accounts
 * without asking them for anything.
 */
final class PeerAccounts {
    private final List<Path> tables;

    /** The tables under {@code procNet} (normally {@code /proc/net}). */
    PeerAccounts(Path procNet) {
        this.tables = List.of(procNet.resolve("tcp"), procNet.resolve("tcp6"));
    }

    /** Whether this machine has the tables (Linux). */
    boolean available() {
        return tables.stream().anyMatch(Files::isReadable);
    }

    /** The account (uid) of the client socket of the connection {@code client} → {@code server}, if listed. */
    OptionalInt uidOf(InetSocketAddress client, InetSocketAddress server) {
        for (Path table : tables) {
            List<String> rows;
            try {
                rows = Files.readAllLines(table);
            } catch (IOException e) {
                continue;
            }
            for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
                String[] f = row.strip().split("\\s+");
                if (f.length > 7 && same(f[1], client) && same(f[2], server)) {
                    return OptionalInt.of(Integer.parseInt(f[7]));
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Whether the table's {@code HEXADDR:HEXPORT} is {@code a} (an IPv4 address also as ::ffff:a.b.c.d). */
    static boolean same(String entry, InetSocketAddress a) {
        int colon = entry.indexOf(':');
        if (colon < 0 || Integer.parseInt(entry.substring(colon + 1), 16) != a.getPort()) {
            return false;
        }
        InetAddress parsed = address(entry.substring(0, colon));
        return parsed != null && parsed.equals(a.getAddress());
    }

    /**
     * The address of a table entry: the kernel prints each 32-bit word of it in host order, so on
     * a little-endian machine every group of 4 bytes is reversed.
     */
    static InetAddress address(String hex) {
        return address(hex, java.nio.ByteOrder.nativeOrder());
    }

    static InetAddress address(String hex, java.nio.ByteOrder order) {
        if (hex.length() != 8 && hex.length() != 32) {
            return null;
        }
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + i) * 2;
                int to = order == java.nio.ByteOrder.LITTLE_ENDIAN ? word * 4 + 3 - i : word * 4 + i;
                b[to] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(b);   // an IPv4-mapped IPv6 address comes back as the IPv4 address
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
