package io.draftnrun.adapter.out.jdbc;

import io.draftnrun.application.shared.AddressPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layer 4 of the SQL guard (ADR 0008): which database servers and files a SQL DB Service may reach. Refused: the
 * server's own databases (backend, ingestion, traces, configured or embedded: same port on the same address, and for
 * one on this machine, on any of this machine's addresses), hosts on loopback, private, link-local or reserved ranges
 * unless listed in {@code SQL_ALLOWED_HOSTS} ({@link AddressPolicy}), and SQLite files inside the server's own
 * directories. The check runs in the socket the driver connects with ({@link GuardedSocketFactory}): the address checked
 * is the one connected to, resolved once, so a name that changes its address between check and connect (DNS
 * rebinding) gains nothing. The drivers find this guard again by an id passed as a connection property.
 */
final class EndpointGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointGuard.class);
    private static final Map<String, EndpointGuard> REGISTRY = new ConcurrentHashMap<>();

    /** The connection property (MariaDB) or socket factory argument (PostgreSQL) naming the guard. */
    static final String PROPERTY = "draftnrunEndpointGuard";

    private record Endpoint(String host, List<InetAddress> addresses, int port) {}

    private final String id = UUID.randomUUID().toString();
    private final AddressPolicy policy;
    private final List<Endpoint> platform = new ArrayList<>();
    private final List<Path> platformDirectories = new ArrayList<>();

    /**
     * @param allowedHosts entries of {@code SQL_ALLOWED_HOSTS}
     * @param platformDatabaseUrls JDBC URLs of the server's own PostgreSQL databases
     * @param platformDirectories directories holding the server's own files ({@code DATA_DIR})
     */
    EndpointGuard(List<String> allowedHosts, List<String> platformDatabaseUrls, List<Path> platformDirectories) {
        this.policy = new AddressPolicy(allowedHosts, "SQL_ALLOWED_HOSTS");
        for (String url : platformDatabaseUrls) {
            platform.addAll(endpointsOf(url));
        }
        for (Path directory : platformDirectories) {
            this.platformDirectories.add(realPath(directory.toAbsolutePath().normalize()));
        }
        REGISTRY.put(id, this);
    }

    String id() {
        return id;
    }

    static Optional<EndpointGuard> byId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(REGISTRY.get(id));
    }

    /** Hosts and ports of a PostgreSQL JDBC URL, as the driver reads them, resolved now (the server's own). */
    private static List<Endpoint> endpointsOf(String jdbcUrl) {
        Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String host = AddressPolicy.stripBrackets(hosts[i].strip().toLowerCase(Locale.ROOT));
            int port = Integer.parseInt(ports[Math.min(i, ports.length - 1)].strip());
            List<InetAddress> addresses;
            try {
                addresses = List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                LOG.warn("the platform database host {} does not resolve now; it is refused by name", host);
                addresses = List.of();
            }
            endpoints.add(new Endpoint(host, addresses, port));
        }
        return endpoints;
    }

    /** Empty when the SQL components may connect to {@code address} (named {@code host} in the URL). */
    Optional<String> refusal(String host, InetAddress address, int port) {
        for (Endpoint own : platform) {
            if (own.port() != port) {
                continue;
            }
            boolean sameAddress = own.host().equalsIgnoreCase(AddressPolicy.stripBrackets(host))
                    || own.addresses().contains(address)
                    || (own.addresses().stream().anyMatch(EndpointGuard::isThisMachine) && isThisMachine(address));
            if (sameAddress) {
                return Optional.of("the database at " + host + ":" + port + " is one of this server's own databases"
                        + " (backend, ingestion or traces); a SQL DB Service can never read them");
            }
        }
        return policy.refusalFor(host, address).map(reason -> "cannot connect to " + host + ":" + port + ": " + reason);
    }

    private static boolean isThisMachine(InetAddress address) {
        for (InetAddress candidate : AddressPolicy.withEmbeddedIpv4(address)) {
            if (candidate.isAnyLocalAddress() || candidate.isLoopbackAddress()) {
                return true;
            }
            try {
                if (NetworkInterface.getByInetAddress(candidate) != null) {
                    return true;
                }
            } catch (SocketException e) {
                return true; // cannot tell: treat as this machine, the stricter reading
            }
        }
        return false;
    }

    /**
     * Empty when a SQLite URL names a plain database file outside the server's own directories (or an in-memory
     * database); otherwise why not. URL parameters and special forms ({@code file:}, {@code :resource:}) are refused.
     */
    Optional<String> sqliteRefusal(String jdbcUrl) {
        String target = jdbcUrl.substring("jdbc:sqlite:".length());
        if (target.isEmpty() || target.equals(":memory:")) {
            return Optional.empty();
        }
        if (target.contains("?")) {
            return Optional.of("a SQLite URL may not carry parameters");
        }
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:") || lower.startsWith(":resource:") || lower.startsWith(":")) {
            return Optional.of(
                    "a SQLite URL must name a database file (file:, :resource: and other forms are not" + " accepted)");
        }
        Path path = realPath(Path.of(target).toAbsolutePath().normalize());
        for (Path directory : platformDirectories) {
            if (path.startsWith(directory)) {
                return Optional.of("the SQLite file " + target + " is inside this server's own data directory; a SQL"
                        + " DB Service can never read the server's files");
            }
        }
        return Optional.empty();
    }

    /** The path with symbolic links resolved as far as it exists (a link into the data directory is caught). */
    private static Path realPath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return path;
        }
    }

    @Override
    public void close() {
        REGISTRY.remove(id);
    }

    /** A socket that checks the address it is about to connect to, and connects to exactly that address. */
    static final class GuardedSocket extends Socket {
        private final String guardId;

        GuardedSocket(String guardId) {
            this.guardId = guardId;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new SocketException("only TCP connections are allowed for SQL DB Services");
            }
            EndpointGuard guard =
                    byId(guardId).orElseThrow(() -> new SocketException("the SQL connection guard is closed"));
            InetAddress address =
                    target.isUnresolved() ? InetAddress.getByName(target.getHostString()) : target.getAddress();
            Optional<String> refusal = guard.refusal(target.getHostString(), address, target.getPort());
            if (refusal.isPresent()) {
                throw new RefusedEndpoint(refusal.get());
            }
            super.connect(new InetSocketAddress(address, target.getPort()), timeout);
        }
    }

    /** A refused endpoint; its message is meant for the user. */
    static final class RefusedEndpoint extends SocketException {
        RefusedEndpoint(String message) {
            super(message);
        }
    }

    /** The message of a refused endpoint somewhere in the causes of {@code failure}, if it is why it failed. */
    static Optional<String> refusalIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RefusedEndpoint refused) {
                return Optional.of(refused.getMessage());
            }
            String message = t.getMessage();
            if (message != null && (message.contains("can never read") || message.contains("SQL_ALLOWED_HOSTS"))) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    /** PostgreSQL's socket factory: pgjdbc builds it with {@code socketFactoryArg}, the guard's id. */
    public static final class GuardedSocketFactory extends SocketFactory {
        private final String guardId;

        public GuardedSocketFactory(String guardId) {
            this.guardId = guardId;
        }

        @Override
        public Socket createSocket() {
            return new GuardedSocket(guardId);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return createSocket(address, port);
        }
    }

    /** MariaDB's socket factory: the driver hands it the connection's configuration, which carries the guard's id. */
    public static final class MariaDbGuardedSocketFactory extends org.mariadb.jdbc.util.ConfigurableSocketFactory {
        private String guardId;

        public MariaDbGuardedSocketFactory() {}

        @Override
        public void setConfiguration(org.mariadb.jdbc.Configuration configuration, String host) {
            this.guardId = configuration.nonMappedOptions().getProperty(PROPERTY);
        }

        @Override
        public Socket createSocket() {
            return new GuardedSocket(guardId);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return createSocket(address, port);
        }
    }
}
