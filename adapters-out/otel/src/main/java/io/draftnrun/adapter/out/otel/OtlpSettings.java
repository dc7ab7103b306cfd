package io.draftnrun.adapter.out.otel;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how {@link OtlpSpanSink} exports: the collector endpoint, the protocol, extra request headers (often an
 * authorization: never logged), the {@code service.name} resource attribute, the queue and batch sizes, how long a
 * batch may wait to fill, the timeout of one export and whether the exporter retries (429/502/503/504) with back-off.
 *
 * @param endpoint the full URL requests go to ({@code .../v1/traces} for HTTP, the collector's address for gRPC)
 */
public record OtlpSettings(
        URI endpoint,
        Protocol protocol,
        Map<String, String> headers,
        String serviceName,
        int queueCapacity,
        int batchSize,
        Duration scheduleDelay,
        Duration exportTimeout,
        boolean retry) {

    public static final String DEFAULT_SERVICE_NAME = "draftnrun";

    /** The OTLP transport. */
    public enum Protocol {
        HTTP_PROTOBUF,
        GRPC
    }

    public OtlpSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(protocol, "protocol");
        headers = Map.copyOf(headers);
        if (serviceName == null || serviceName.isBlank()) {
            serviceName = DEFAULT_SERVICE_NAME;
        }
        if (queueCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("queue capacity and batch size must be positive");
        }
        Objects.requireNonNull(scheduleDelay, "scheduleDelay");
        Objects.requireNonNull(exportTimeout, "exportTimeout");
    }

    /** Export over OTLP/HTTP (protobuf) to the collector at {@code baseUrl} (requests go to {@code /v1/traces}). */
    public static OtlpSettings http(URI baseUrl) {
        return new OtlpSettings(
                tracesUrl(baseUrl),
                Protocol.HTTP_PROTOBUF,
                Map.of(),
                DEFAULT_SERVICE_NAME,
                2048,
                512,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                true);
    }

    public OtlpSettings withHeaders(Map<String, String> newHeaders) {
        return new OtlpSettings(
                endpoint,
                protocol,
                newHeaders,
                serviceName,
                queueCapacity,
                batchSize,
                scheduleDelay,
                exportTimeout,
                retry);
    }

    public OtlpSettings withServiceName(String name) {
        return new OtlpSettings(
                endpoint, protocol, headers, name, queueCapacity, batchSize, scheduleDelay, exportTimeout, retry);
    }

    public OtlpSettings withRetry(boolean retryExports) {
        return new OtlpSettings(
                endpoint,
                protocol,
                headers,
                serviceName,
                queueCapacity,
                batchSize,
                scheduleDelay,
                exportTimeout,
                retryExports);
    }

    /**
     * Reads the standard variables: {@code OTEL_EXPORTER_OTLP_ENDPOINT} (absent: no export),
     * {@code OTEL_EXPORTER_OTLP_PROTOCOL} ({@code http/protobuf} default, or {@code grpc}),
     * {@code OTEL_EXPORTER_OTLP_HEADERS} ({@code k=v,k2=v2}, values percent-decoded) and {@code OTEL_SERVICE_NAME}
     * ({@code draftnrun}).
     *
     * @param variables a variable's value, empty when unset or blank
     * @throws IllegalArgumentException when a value is malformed (the message never contains a header value)
     */
    public static Optional<OtlpSettings> fromVariables(Function<String, Optional<String>> variables) {
        Optional<String> endpoint = variables.apply("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        URI uri = parseEndpoint(endpoint.get().trim());
        String protocol = variables
                .apply("OTEL_EXPORTER_OTLP_PROTOCOL")
                .map(p -> p.trim().toLowerCase(Locale.ROOT))
                .orElse("http/protobuf");
        OtlpSettings settings = switch (protocol) {
            case "http/protobuf" -> http(uri);
            case "grpc" ->
                new OtlpSettings(
                        uri,
                        Protocol.GRPC,
                        Map.of(),
                        DEFAULT_SERVICE_NAME,
                        2048,
                        512,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        true);
            default ->
                throw new IllegalArgumentException(
                        "OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or grpc (http/json is not supported)");
        };
        settings = settings.withHeaders(variables
                .apply("OTEL_EXPORTER_OTLP_HEADERS")
                .map(OtlpSettings::parseHeaders)
                .orElse(Map.of()));
        return Optional.of(variables
                .apply("OTEL_SERVICE_NAME")
                .map(settings::withServiceName)
                .orElse(settings));
    }

    /** {@code k=v,k2=v2} (W3C baggage style, values percent-decoded); names are not secret, values may be. */
    static Map<String, String> parseHeaders(String list) {
        Map<String, String> headers = new LinkedHashMap<>();
        int position = 0;
        for (String entry : list.split(",")) {
            position++;
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "OTEL_EXPORTER_OTLP_HEADERS entry " + position + " is not of the form name=value");
            }
            try {
                headers.put(
                        name,
                        URLDecoder.decode(entry.substring(eq + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "OTEL_EXPORTER_OTLP_HEADERS: the value of " + name + " is not validly percent-encoded");
            }
        }
        return headers;
    }

    private static URI parseEndpoint(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL with a host, like http://localhost:4318");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_ENDPOINT is not a valid URL");
        }
    }

    private static URI tracesUrl(URI base) {
        String s = base.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s + "/v1/traces");
    }
}
