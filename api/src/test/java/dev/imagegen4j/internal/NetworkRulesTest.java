package dev.imagegen4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The address classifier and the loopback decision, as tables: by parsed address, never by spelling. */
class NetworkRulesTest {

    private static InetAddress ip(String literal) {
        return NetworkRules.literal(literal).orElseThrow(() -> new AssertionError("not a literal: " + literal));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "ALLOWED", textBlock = """
            # IPv4
            8.8.8.8                        | ALLOWED
            1.1.1.1                        | ALLOWED
            93.184.216.34                  | ALLOWED
            100.63.255.255                 | ALLOWED
            100.128.0.1                    | ALLOWED
            172.15.255.255                 | ALLOWED
            172.32.0.1                     | ALLOWED
            192.169.0.1                    | ALLOWED
            223.255.255.255                | ALLOWED
            0.0.0.0                        | an unspecified address 0.0.0.0
            0.1.2.3                        | a reserved ("this network") address 0.1.2.3
            10.0.0.5                       | a private address 10.0.0.5
            10.255.255.255                 | a private address
            100.64.0.1                     | a carrier-grade NAT (shared) address 100.64.0.1
            100.127.255.254                | a carrier-grade NAT (shared) address
            127.0.0.1                      | a loopback address 127.0.0.1
            127.255.255.254                | a loopback address
            169.254.169.254                | a link-local (metadata) address 169.254.169.254
            172.16.0.1                     | a private address 172.16.0.1
            172.31.255.255                 | a private address
            192.0.0.170                    | a reserved (IETF protocol) address
            192.0.2.1                      | a documentation (TEST-NET) address
            192.88.99.1                    | a reserved (6to4 relay) address
            192.168.1.20                   | a private address 192.168.1.20
            198.18.0.1                     | a reserved (benchmarking) address
            198.19.255.255                 | a reserved (benchmarking) address
            198.51.100.7                   | a documentation (TEST-NET) address
            203.0.113.7                    | a documentation (TEST-NET) address
            224.0.0.1                      | a multicast address
            239.255.255.250                | a multicast address
            240.0.0.1                      | a reserved address
            255.255.255.255                | a broadcast address
            # IPv6
            2606:4700:4700::1111           | ALLOWED
            2a00:1450:4001:80b::200e       | ALLOWED
            ::                             | an unspecified address
            ::1                            | a loopback address
            fe80::1                        | a link-local (metadata) address
            febf:ffff::1                   | a link-local (metadata) address
            fec0::1                        | a private (site-local) address
            fc00::1                        | a private (unique local) address
            fd00:ec2::254                  | a private (unique local) address
            ff02::1                        | a multicast address
            100::1                         | a reserved (discard-only) address
            2001:db8::1                    | a documentation address
            ::2                            | a deprecated IPv4-compatible address
            0:0:0:0:1::1                   | a reserved address
            # IPv4-mapped: Java turns them into IPv4 addresses, the rules are the same
            ::ffff:10.0.0.1                | a private address 10.0.0.1
            ::ffff:127.0.0.1               | a loopback address 127.0.0.1
            ::ffff:169.254.169.254         | a link-local (metadata) address 169.254.169.254
            ::ffff:8.8.8.8                 | ALLOWED
            # IPv4-compatible (deprecated): refused whatever it embeds
            ::10.0.0.1                     | a deprecated IPv4-compatible address
            ::127.0.0.1                    | a deprecated IPv4-compatible address
            ::169.254.169.254              | a deprecated IPv4-compatible address
            ::8.8.8.8                      | a deprecated IPv4-compatible address
            # NAT64 well-known prefix: by the embedded address, loopback never allowed
            64:ff9b::10.0.0.1              | a private address 10.0.0.1 inside the NAT64 address
            64:ff9b::7f00:1                | a loopback address 127.0.0.1 inside the NAT64 address
            64:ff9b::a9fe:a9fe             | a link-local (metadata) address 169.254.169.254 inside the NAT64 address
            64:ff9b::c0a8:114              | a private address 192.168.1.20 inside the NAT64 address
            64:ff9b::808:808               | ALLOWED
            64:ff9b:1::a00:1               | a local-use NAT64 (private) address
            # 6to4: by the embedded address
            2002:a00:1::1                  | a private address 10.0.0.1 inside the 6to4 address
            2002:7f00:1::1                 | a loopback address 127.0.0.1 inside the 6to4 address
            2002:a9fe:a9fe::1              | a link-local (metadata) address 169.254.169.254 inside the 6to4 address
            2002:c0a8:0101::1              | a private address 192.168.1.1 inside the 6to4 address
            2002:808:808::1                | ALLOWED
            # Teredo: server (bits 32-63) and client (last 32 bits, inverted)
            2001:0:a00:1::1                | a private address 10.0.0.1 as the server of the Teredo address
            2001:0:808:808::80ff:fffe      | a loopback address 127.0.0.1 as the client of the Teredo address
            2001:0:808:808::f5ff:fffe      | a private address 10.0.0.1 as the client of the Teredo address
            2001:0:808:808::5601:5601      | a link-local (metadata) address 169.254.169.254 as the client
            2001:0:808:808::f7f7:f7f7      | ALLOWED
            """)
    void should_classify_addresses(String literal, String reason) {
        // when
        String why = NetworkRules.forbidden(ip(literal), false);

        // then
        if (reason == null) {
            assertThat(why).as(literal).isNull();
        } else {
            assertThat(why).as(literal).startsWith(reason);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"})
    void should_allow_this_machines_loopback_only_when_asked(String literal) {
        assertThat(NetworkRules.forbidden(ip(literal), true)).isNull();
        assertThat(NetworkRules.forbidden(ip(literal), false)).startsWith("a loopback address");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"64:ff9b::7f00:1", "2002:7f00:1::1", "::127.0.0.1", "2001:0:808:808::80ff:fffe"})
    void should_refuse_embedded_loopback_even_when_loopback_is_allowed(String literal) {
        // through a translator or tunnel, 127.0.0.1 is someone else's loopback
        assertThat(NetworkRules.forbidden(ip(literal), true)).isNotNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1              | true
            127.1.2.3              | true
            [::1]                  | true
            ::1                    | true
            [0:0:0:0:0:0:0:1]      | true
            [::ffff:127.0.0.1]     | true
            localhost              | true
            LOCALHOST              | true
            localhost.             | true
            127.evil.test          | false
            127.0.0.1.evil.test    | false
            localhost.evil.test    | false
            evil-localhost         | false
            127.1                  | false
            2130706433             | false
            0x7f.0.0.1             | false
            0177.0.0.1             | false
            127.000.000.001        | false
            128.0.0.1              | false
            10.0.0.1               | false
            [::2]                  | false
            [64:ff9b::7f00:1]      | false
            example.com            | false
            ''                     | false
            """)
    void should_decide_loopback_by_the_parsed_address(String host, boolean loopback) {
        HostResolver resolver = h -> {
            if (h.equals("localhost")) {
                return new InetAddress[] {ip("127.0.0.1"), ip("::1")};
            }
            // any other name could resolve to loopback, and still is not loopback by name
            return new InetAddress[] {ip("127.0.0.1")};
        };

        assertThat(NetworkRules.isLoopbackHost(host, resolver)).isEqualTo(loopback);
    }

    @Test
    void should_not_treat_localhost_as_loopback_when_it_resolves_elsewhere() {
        HostResolver hijacked = h -> new InetAddress[] {ip("127.0.0.1"), ip("203.0.113.9")};
        HostResolver unknown = h -> {
            throw new UnknownHostException(h);
        };

        assertThat(NetworkRules.isLoopbackHost("localhost", hijacked)).isFalse();
        assertThat(NetworkRules.isLoopbackHost("localhost", unknown)).isFalse();
    }

    @Test
    void should_never_resolve_a_name_other_than_localhost_to_decide() {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver counting = h -> {
            lookups.incrementAndGet();
            return new InetAddress[] {ip("127.0.0.1")};
        };

        assertThat(NetworkRules.isLoopbackHost("127.evil.test", counting)).isFalse();
        assertThat(NetworkRules.isLoopbackHost("127.0.0.1", counting)).isTrue();
        assertThat(lookups).hasValue(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"127.1", "2130706433", "0x7f000001", "1.2.3", "256.1.1.1", "01.2.3.4", "1.2.3.4.5", "a.b.c.d",
            "example.com", "[::1", "::g"})
    void should_parse_only_unambiguous_ip_literals(String text) {
        assertThat(NetworkRules.literal(text)).isEmpty();
    }
}
