package io.archlab.app.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Host names the dashboard answers to, for each kind of listen address. */
class AllowedHostsTest {
    static final String ARRIVED = "127.0.0.1";

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost", "127.0.0.1", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]"})
    void should_answer_the_loopback_names_when_listening_on_loopback(String host) {
        assertTrue(AllowedHosts.listeningOn("127.0.0.1").admits(host, ARRIVED), host);
        assertTrue(AllowedHosts.listeningOn("::1").admits(host, "0:0:0:0:0:0:0:1"), host);
        assertTrue(AllowedHosts.listeningOn("localhost").admits(host, ARRIVED), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "localhost.evil.example", "evil-localhost", "localhost.", "127.0.0.1.nip.io",
        "127.0.0.2", "[::2]", "", "[localhost]", "[::1", "::1", "999.0.0.1", "[fe80::1%25lo]"})
    void should_refuse_any_other_host_when_listening_on_loopback(String host) {
        assertFalse(AllowedHosts.listeningOn("127.0.0.1").admits(host, ARRIVED), host);
    }

    @Test
    void should_refuse_a_missing_host() {
        assertFalse(AllowedHosts.listeningOn("127.0.0.1").admits(null, ARRIVED));
    }

    @Test
    void should_answer_the_listen_address_given_and_only_it_when_it_is_not_loopback() {
        AllowedHosts ip = AllowedHosts.listeningOn("192.0.2.7");
        assertTrue(ip.admits("192.0.2.7", "192.0.2.7"));
        assertFalse(ip.admits("localhost", "192.0.2.7"));
        assertFalse(ip.admits("192.0.2.8", "192.0.2.7"));
        assertFalse(ip.admits("evil.example", "192.0.2.7"));

        AllowedHosts v6 = AllowedHosts.listeningOn("2001:db8::7");
        assertTrue(v6.admits("[2001:DB8:0::7]", "2001:db8:0:0:0:0:0:7"));
        assertFalse(v6.admits("[::1]", "2001:db8:0:0:0:0:0:7"));
    }

    @Test
    void should_answer_a_name_given_as_listen_address() {
        // a name under the reserved .invalid: never resolves, so it is answered by name alone
        AllowedHosts name = AllowedHosts.listeningOn("dashboard.invalid");
        assertTrue(name.admits("Dashboard.Invalid", "192.0.2.7"));
        assertFalse(name.admits("other.invalid", "192.0.2.7"));
        assertFalse(name.admits("localhost", "192.0.2.7"));
    }

    @Test
    void should_answer_a_wildcard_listener_on_the_address_a_request_arrived_on_and_loopback_names() {
        AllowedHosts any = AllowedHosts.listeningOn("0.0.0.0");
        assertTrue(any.admits("192.0.2.7", "192.0.2.7"));
        assertTrue(any.admits("0.0.0.0", "192.0.2.7"));
        assertTrue(any.admits("localhost", "127.0.0.1"));
        assertFalse(any.admits("192.0.2.8", "192.0.2.7"));
        assertFalse(any.admits("evil.example", "192.0.2.7"));

        AllowedHosts any6 = AllowedHosts.listeningOn("::");
        assertTrue(any6.admits("[2001:db8::7]", "2001:db8:0:0:0:0:0:7"));
        assertTrue(any6.admits("192.0.2.7", "192.0.2.7"));
        assertFalse(any6.admits("evil.example", "2001:db8:0:0:0:0:0:7"));
    }
}
