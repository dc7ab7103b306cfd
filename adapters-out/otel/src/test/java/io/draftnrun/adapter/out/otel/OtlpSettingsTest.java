package io.draftnrun.adapter.out.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OtlpSettingsTest {

    private static Optional<OtlpSettings> read(Map<String, String> variables) {
        return OtlpSettings.fromVariables(name -> Optional.ofNullable(variables.get(name)));
    }

    @Test
    void noEndpointMeansNoExport() {
        assertThat(read(Map.of("OTEL_SERVICE_NAME", "x"))).isEmpty();
    }

    @Test
    void httpProtobufByDefaultToTheTracesPathWithDecodedHeadersAndOurServiceName() {
        OtlpSettings s = read(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "https://otel.example.com:4318/",
                        "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic%20abc%3D, x-team = a+b ,"))
                .orElseThrow();
        assertThat(s.protocol()).isEqualTo(OtlpSettings.Protocol.HTTP_PROTOBUF);
        assertThat(s.endpoint()).isEqualTo(URI.create("https://otel.example.com:4318/v1/traces"));
        assertThat(s.headers()).isEqualTo(Map.of("Authorization", "Basic abc=", "x-team", "a+b"));
        assertThat(s.serviceName()).isEqualTo("draftnrun");
    }

    @Test
    void grpcUsesTheEndpointAsIsAndTheServiceNameCanBeOverridden() {
        OtlpSettings s = read(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "GRPC",
                        "OTEL_SERVICE_NAME", "draftnrun-eu"))
                .orElseThrow();
        assertThat(s.protocol()).isEqualTo(OtlpSettings.Protocol.GRPC);
        assertThat(s.endpoint()).isEqualTo(URI.create("http://collector:4317"));
        assertThat(s.serviceName()).isEqualTo("draftnrun-eu");
    }

    @Test
    void malformedValuesAreRefusedWithoutEchoingHeaderValues() {
        assertThatThrownBy(() -> read(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")))
                .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT");
        assertThatThrownBy(() -> read(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")))
                .hasMessageContaining("http/protobuf or grpc");
        assertThatThrownBy(() -> read(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318",
                        "OTEL_EXPORTER_OTLP_HEADERS", "api-key=%zz-secret-value")))
                .hasMessageContaining("api-key")
                .hasMessageNotContaining("secret-value");
    }
}
