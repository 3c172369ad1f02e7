package io.archlab.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerAccountsTest {
    static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
            + "timeout inode\n";

    @TempDir
    Path net;

    @Test
    void should_read_little_endian_ipv4_ipv6_and_mapped_addresses() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"), PeerAccounts.address("0100007F", ByteOrder.LITTLE_ENDIAN));
        assertEquals(InetAddress.getByName("127.0.0.1"), PeerAccounts.address("7F000001", ByteOrder.BIG_ENDIAN));
        assertEquals(InetAddress.getByName("127.0.0.1"),
                PeerAccounts.address("0000000000000000FFFF00000100007F", ByteOrder.LITTLE_ENDIAN));
        assertEquals(InetAddress.getByName("::1"),
                PeerAccounts.address("00000000000000000000000001000000", ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void should_name_the_account_of_the_client_end_of_a_connection_not_the_server_end() throws Exception {
        // client 127.0.0.1:54321 (uid 1001) -> server 127.0.0.1:8080 (uid 1000), and the server's accepted socket
        Files.writeString(net.resolve("tcp"), HEADER
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 11 1\n"
                + "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 12 1\n"
                + "   2: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 13 1\n");
        Files.writeString(net.resolve("tcp6"), HEADER
                + "   0: 0000000000000000FFFF00000100007F:D432 0000000000000000FFFF00000100007F:1F90 01 "
                + "00000000:00000000 00:00000000 00000000  1002        0 14 1\n");
        PeerAccounts peers = new PeerAccounts(net);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 8080);
        assertTrue(peers.available());
        assertEquals(OptionalInt.of(1001), peers.uidOf(new InetSocketAddress("127.0.0.1", 54321), server));
        assertEquals(OptionalInt.of(1002), peers.uidOf(new InetSocketAddress("127.0.0.1", 54322), server),
                "an IPv4 client of a server bound to :: is listed in tcp6 as ::ffff:127.0.0.1");
        assertEquals(OptionalInt.empty(), peers.uidOf(new InetSocketAddress("127.0.0.1", 54323), server));
    }

    @Test
    void should_say_when_the_machine_has_no_socket_tables() {
        assertEquals(false, new PeerAccounts(net.resolve("none")).available());
    }
}
