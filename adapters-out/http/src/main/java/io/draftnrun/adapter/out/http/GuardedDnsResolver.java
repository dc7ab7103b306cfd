package io.draftnrun.adapter.out.http;

import io.draftnrun.application.shared.AddressPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves host names for the HTTP client and refuses the whole name when any of its addresses is forbidden, so
 * the client can only ever connect to addresses checked here: a name that resolves to a public address once and a
 * private one later (DNS rebinding) is checked at every connection.
 */
final class GuardedDnsResolver implements DnsResolver {
    /** Raised instead of resolving; carries a message safe to show. */
    static final class ForbiddenAddress extends UnknownHostException {
        ForbiddenAddress(String message) {
            super(message);
        }
    }

    /** Looks names up; the system resolver in production, a fixed table in tests. */
    interface Lookup {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    private final AddressPolicy policy;
    private final Lookup lookup;

    GuardedDnsResolver(AddressPolicy policy, Lookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Optional<String> hostRefusal = policy.refusalForHostName(host);
        if (hostRefusal.isPresent() && !policy.hostAllowed(host)) {
            throw new ForbiddenAddress(hostRefusal.get());
        }
        InetAddress[] addresses = lookup.lookup(AddressPolicy.stripBrackets(host));
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusalFor(host, address);
            if (refusal.isPresent()) {
                throw new ForbiddenAddress(refusal.get());
            }
        }
        return addresses;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress address : resolve(host)) {
            out.add(new InetSocketAddress(address, port));
        }
        return out;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return host;
    }
}
