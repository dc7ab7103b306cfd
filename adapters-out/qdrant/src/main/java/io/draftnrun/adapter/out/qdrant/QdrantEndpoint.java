package io.draftnrun.adapter.out.qdrant;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the gRPC client connects, read from {@code QDRANT_CLUSTER_URL}: {@code http://host:6334} (plain) or
 * {@code https://host[:port]} (TLS). No port means 6334, Qdrant's gRPC port. A URL on 6333, Qdrant's REST port (what
 * the reference system's configuration holds), is mapped to 6334 on the same host, since Qdrant serves gRPC there.
 * A path, or a scheme other than http/https, is refused.
 */
record QdrantEndpoint(String host, int port, boolean tls, boolean mappedFromRestPort) {
    static final int GRPC_PORT = 6334;
    static final int REST_PORT = 6333;

    static QdrantEndpoint parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("QDRANT_CLUSTER_URL is empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("QDRANT_CLUSTER_URL is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "QDRANT_CLUSTER_URL must start with http:// or https:// (e.g. http://localhost:6334), got scheme '"
                            + scheme + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("QDRANT_CLUSTER_URL has no host");
        }
        if (uri.getRawPath() != null
                && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException(
                    "QDRANT_CLUSTER_URL must not have a path: gRPC cannot be served under a path prefix");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("QDRANT_CLUSTER_URL must not hold credentials; use QDRANT_API_KEY");
        }
        int port = uri.getPort() == -1 ? GRPC_PORT : uri.getPort();
        boolean mapped = port == REST_PORT;
        return new QdrantEndpoint(uri.getHost(), mapped ? GRPC_PORT : port, scheme.equals("https"), mapped);
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + host + ":" + port;
    }
}
