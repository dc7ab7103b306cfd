package io.draftnrun.application.shared;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides which hosts and addresses tools may reach. Refused unless allow-listed: loopback, unspecified, private
 * (10/8, 172.16/12, 192.168/16), CGNAT 100.64/10, link-local (169.254/16 with the cloud metadata address, fe80::/10),
 * unique-local fc00::/7, site-local fec0::/10, multicast, the IETF and benchmark ranges, 240/4 and broadcast, and
 * the same IPv4 ranges written inside IPv6 (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16).
 * The allow-list holds host names (exact, or {@code *.example.com} for sub-domains), IP addresses and CIDR blocks,
 * written as a comma list in a setting ({@code API_CALL_ALLOWED_HOSTS} for the API Call tool, {@code SQL_ALLOWED_HOSTS}
 * for the SQL components). Pure: it never resolves a name; callers resolve once and check the address they connect to.
 */
public final class AddressPolicy {
    /** Decimal ({@code 2130706433}), hex ({@code 0x7f.1}), octal ({@code 0177.0.0.1}) or short ({@code 127.1}) IPv4. */
    private static final Pattern NUMERIC_HOST =
            Pattern.compile("(?i)^(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]*))*\\.?$");

    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$");

    private static final List<Cidr> FORBIDDEN = List.of(
            Cidr.parse("0.0.0.0/8"),
            Cidr.parse("10.0.0.0/8"),
            Cidr.parse("100.64.0.0/10"),
            Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"),
            Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.0.2.0/24"),
            Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"),
            Cidr.parse("198.51.100.0/24"),
            Cidr.parse("203.0.113.0/24"),
            Cidr.parse("224.0.0.0/4"),
            Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"),
            Cidr.parse("::1/128"),
            Cidr.parse("fc00::/7"),
            Cidr.parse("fe80::/10"),
            Cidr.parse("fec0::/10"),
            Cidr.parse("ff00::/8"),
            Cidr.parse("100::/64"),
            Cidr.parse("2001:db8::/32"));

    private final List<String> allowedHosts = new ArrayList<>();
    private final List<Cidr> allowedBlocks = new ArrayList<>();
    private final String setting;

    /** A policy that allows no private address, named after the API Call tool's setting. */
    public AddressPolicy(List<String> allowList) {
        this(allowList, "API_CALL_ALLOWED_HOSTS");
    }

    /**
     * @param allowList entries as in {@link #parseList}: host names, {@code *.domain}, IPs, CIDRs
     * @param setting the setting that holds the allow-list, named in refusals so the user knows what to change
     */
    public AddressPolicy(List<String> allowList, String setting) {
        this.setting = setting;
        for (String raw : allowList) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            Optional<Cidr> block = Cidr.tryParse(entry);
            if (block.isPresent()) {
                allowedBlocks.add(block.get());
            } else {
                allowedHosts.add(stripBrackets(entry));
            }
        }
    }

    /** The entries of a comma-separated allow-list setting: blank or null for none, blanks around entries dropped. */
    public static List<String> parseList(String commaList) {
        return commaList == null
                ? List.of()
                : Arrays.stream(commaList.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    /** The setting named in refusals. */
    public String setting() {
        return setting;
    }

    /** Whether the URL's host is allow-listed by name (its addresses are then not checked). */
    public boolean hostAllowed(String host) {
        String h = stripBrackets(host.toLowerCase(Locale.ROOT));
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String allowed : allowedHosts) {
            if (allowed.equals(h) || (allowed.startsWith("*.") && h.endsWith(allowed.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a host written as a number in a form browsers and resolvers read differently (SSRF filter bypass). */
    public Optional<String> refusalForHostName(String host) {
        String h = stripBrackets(host);
        if (h.isEmpty()) {
            return Optional.of("the URL has no host");
        }
        if (NUMERIC_HOST.matcher(h).matches() && !DOTTED_QUAD.matcher(h).matches()) {
            return Optional.of("the host " + host + " is an IP address written in a non-standard form");
        }
        return Optional.empty();
    }

    /** Empty when {@code address}, reached for {@code host}, may be contacted; otherwise why not. */
    public Optional<String> refusalFor(String host, InetAddress address) {
        if (hostAllowed(host) || inAny(allowedBlocks, address)) {
            return Optional.empty();
        }
        if (isPrivate(address)) {
            return Optional.of("the address " + address.getHostAddress() + " of " + stripBrackets(host)
                    + " is private, loopback, link-local or reserved; add the host to " + setting + " to allow it");
        }
        return Optional.empty();
    }

    private static boolean inAny(List<Cidr> blocks, InetAddress address) {
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code address} (or an IPv4 address it carries) is in a private, loopback, link-local or reserved range. */
    public static boolean isPrivate(InetAddress address) {
        for (InetAddress candidate : withEmbeddedIpv4(address)) {
            if (candidate.isAnyLocalAddress()
                    || candidate.isLoopbackAddress()
                    || candidate.isLinkLocalAddress()
                    || candidate.isSiteLocalAddress()
                    || candidate.isMulticastAddress()
                    || inAny(FORBIDDEN, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** The address itself plus any IPv4 address an IPv6 form carries (mapped, compatible, NAT64, 6to4). */
    public static List<InetAddress> withEmbeddedIpv4(InetAddress address) {
        List<InetAddress> all = new ArrayList<>(2);
        all.add(address);
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean zeros80 = allZero(b, 0, 10);
            try {
                if (zeros80 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                    all.add(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                    all.add(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } else if (b[0] == 0x20 && b[1] == 0x02) {
                    all.add(InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]}));
                }
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return all;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    public static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** An address block; IPv4 blocks also match IPv4 addresses only, IPv6 blocks IPv6 ones. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR block: " + text));
        }

        /** {@code 10.0.0.0/8}, {@code fd00::/8}, or a bare IP address (a block of one). Never resolves names. */
        static Optional<Cidr> tryParse(String text) {
            String t = stripBrackets(text.strip());
            int slash = t.indexOf('/');
            String ip = slash < 0 ? t : t.substring(0, slash);
            if (!(DOTTED_QUAD.matcher(ip).matches() || (ip.contains(":") && ip.matches("[0-9a-fA-F:.]+")))) {
                return Optional.empty();
            }
            try {
                byte[] bytes = InetAddress.getByName(ip).getAddress();
                int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
                if (prefix < 0 || prefix > bytes.length * 8) {
                    return Optional.empty();
                }
                return Optional.of(new Cidr(bytes, prefix));
            } catch (UnknownHostException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
