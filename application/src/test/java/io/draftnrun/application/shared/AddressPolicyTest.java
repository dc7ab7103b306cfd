package io.draftnrun.application.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    private static final AddressPolicy STRICT = new AddressPolicy(List.of());

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    /** An IPv6 address from its 32 hex digits, so Java cannot turn a mapped form into an IPv4 address. */
    private static InetAddress ipv6(String hex) throws Exception {
        return java.net.Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), null);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.9.10",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "100.64.0.1",
                "100.100.100.200",
                "169.254.169.254",
                "0.0.0.0",
                "224.0.0.1",
                "255.255.255.255",
                "192.0.0.192",
                "198.18.0.1",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd00:ec2::254",
                "ff02::1",
                "fec0::1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::",
                "::127.0.0.1"
            })
    void refusesPrivateLoopbackLinkLocalReservedAndMetadataAddresses(String address) throws Exception {
        assertThat(STRICT.refusalFor("example.com", ip(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000000000000000ffff7f000001", "00000000000000000000ffffa9fea9fe"})
    void refusesIpv4MappedIpv6FormsOfForbiddenAddresses(String hex) throws Exception {
        InetAddress mapped = ipv6(hex);

        assertThat(mapped).isInstanceOf(java.net.Inet6Address.class);
        assertThat(STRICT.refusalFor("example.com", mapped)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111"})
    void acceptsPublicAddresses(String address) throws Exception {
        assertThat(STRICT.refusalFor("example.com", ip(address))).as(address).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "127.1", "127.0.1", "017700000001"})
    void refusesIpAddressesWrittenInNonStandardForms(String host) {
        assertThat(STRICT.refusalForHostName(host)).as(host).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "127.0.0.1", "8.8.8.8", "[::1]", "api.3com.example"})
    void acceptsHostNamesAndCanonicalAddressesAsWritten(String host) {
        assertThat(STRICT.refusalForHostName(host)).as(host).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void allowListTakesHostsWildcardsAddressesAndCidrBlocks() throws Exception {
        AddressPolicy policy =
                new AddressPolicy(List.of("intranet.local", "*.corp.example", "10.0.0.0/8", "fd12::/16"));

        assertThat(policy.refusalFor("intranet.local", ip("192.168.1.5"))).isEmpty();
        assertThat(policy.refusalFor("api.corp.example", ip("172.16.3.4"))).isEmpty();
        assertThat(policy.refusalFor("corp.example.evil.com", ip("172.16.3.4"))).isPresent();
        assertThat(policy.refusalFor("anything", ip("10.9.8.7"))).isEmpty();
        assertThat(policy.refusalFor("anything", ip("fd12::1"))).isEmpty();
        assertThat(policy.refusalFor("anything", ip("192.168.1.1"))).isPresent();
        assertThat(policy.refusalFor("anything", ip("127.0.0.1"))).isPresent();
    }
}
