package io.draftnrun.adapter.out.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OtlpSpanSinkTest {
    private static final TraceScope SCOPE =
            TraceScope.ofRun(UUID.randomUUID(), new OrganizationId(UUID.randomUUID()), "draft", UUID.randomUUID());

    private final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountingMetrics metrics = new CountingMetrics();
    private volatile int status = 200;
    private volatile boolean hold;
    private HttpServer collector;
    private OtlpSpanSink sink;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            if (hold) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (status == 200) {
                received.add(ExportTraceServiceRequest.parseFrom(body));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        collector.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        collector.start();
        logs = new ListAppender<>();
        logs.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(OtlpSpanSink.class)).addAppender(logs);
        OtlpSettings settings = OtlpSettings.http(
                        URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/"))
                .withHeaders(Map.of("Authorization", "Bearer s3cret-token"))
                .withRetry(false);
        sink = OtlpSpanSink.start(settings, metrics);
    }

    @AfterEach
    void stop() {
        release.countDown();
        sink.close(Duration.ofSeconds(5));
        collector.stop(0);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(OtlpSpanSink.class)).detachAppender(logs);
    }

    @Test
    void aTraceArrivesAtTheCollectorWithItsIdsNamesAttributesAndStatus() {
        Tracer tracer = new Tracer(sink);
        SpanHandle root = tracer.startTrace(SCOPE, "run", SpanKind.CHAIN);
        root.input("What is OTLP?");
        SpanHandle child = root.child("answer", SpanKind.LLM);
        child.llm("openai", "gpt-4o-mini", true)
                .tokens(12, 5)
                .inputMessages(List.of(Map.of("role", "user", "content", "What is OTLP?")))
                .set("llm.stop_words", List.of("END", "STOP"));
        child.event("retry", Map.of("attempt", 2L));
        child.end();
        root.fail("no answer");

        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(authorizations).containsOnly("Bearer s3cret-token");
        List<ResourceSpans> resources = received.stream()
                .flatMap(r -> r.getResourceSpansList().stream())
                .toList();
        assertThat(resources)
                .allSatisfy(r -> assertThat(attributes(r.getResource().getAttributesList()))
                        .containsEntry("service.name", "draftnrun"));
        Map<String, Span> spans = resources.stream()
                .flatMap(r -> r.getScopeSpansList().stream())
                .flatMap(s -> s.getSpansList().stream())
                .collect(Collectors.toMap(Span::getName, Function.identity()));
        assertThat(spans).containsOnlyKeys("run", "answer");
        assertThat(resources.stream()
                        .flatMap(r -> r.getScopeSpansList().stream())
                        .map(ScopeSpans::getScope))
                .allSatisfy(scope -> assertThat(scope.getName()).isEqualTo("io.draftnrun.tracer"));

        Span run = spans.get("run");
        Span answer = spans.get("answer");
        String traceId = root.context().traceId().value();
        assertThat(hex(run.getTraceId())).isEqualTo(traceId);
        assertThat(hex(answer.getTraceId())).isEqualTo(traceId);
        assertThat(hex(run.getSpanId())).isEqualTo(root.context().spanId().value());
        assertThat(hex(answer.getSpanId())).isEqualTo(child.context().spanId().value());
        assertThat(run.getParentSpanId().isEmpty()).isTrue();
        assertThat(hex(answer.getParentSpanId()))
                .isEqualTo(root.context().spanId().value());
        assertThat(run.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(answer.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(run.getEndTimeUnixNano()).isGreaterThanOrEqualTo(answer.getEndTimeUnixNano());
        assertThat(answer.getEndTimeUnixNano()).isGreaterThanOrEqualTo(answer.getStartTimeUnixNano());

        assertThat(run.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(run.getStatus().getMessage()).isEqualTo("no answer");
        assertThat(answer.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);

        Map<String, Object> runAttributes = attributes(run.getAttributesList());
        assertThat(runAttributes)
                .containsEntry("openinference.span.kind", "CHAIN")
                .containsEntry("input.value", "What is OTLP?")
                .containsEntry("project_id", SCOPE.projectId().toString())
                .containsEntry("organization_id", SCOPE.organizationId().value().toString())
                .containsEntry("environment", "draft")
                .containsEntry("run_id", SCOPE.runId().orElseThrow().toString());
        Map<String, Object> answerAttributes = attributes(answer.getAttributesList());
        assertThat(answerAttributes)
                .containsEntry("openinference.span.kind", "LLM")
                .containsEntry("llm.provider", "openai")
                .containsEntry("llm.model_name", "gpt-4o-mini")
                .containsEntry("llm.platform_key", true)
                .containsEntry("llm.token_count.prompt", 12L)
                .containsEntry("llm.token_count.completion", 5L)
                .containsEntry("llm.input_messages.0.message.role", "user")
                .containsEntry("llm.input_messages.0.message.content", "What is OTLP?")
                .containsEntry("llm.stop_words", List.of("END", "STOP"));
        assertThat(answer.getEventsList()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("retry");
            assertThat(attributes(e.getAttributesList())).containsEntry("attempt", 2L);
        });
        assertThat(sink.exported()).isEqualTo(2);
        assertThat(metrics.dropped.get()).isZero();
    }

    @Test
    void aFailingCollectorNeitherBlocksRunsNorFloodsTheLogAndTheLossIsCounted() {
        status = 503;
        hold = true;
        Tracer tracer = new Tracer(sink);
        recordTrace(tracer);
        // the exporter is now stuck on the held request
        assertThat(sink.flush(Duration.ofMillis(300))).isFalse();

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            for (int i = 0; i < 50; i++) {
                recordTrace(tracer);
            }
        });
        release.countDown();
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        recordTrace(tracer);
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(sink.exported()).isZero();
        assertThat(sink.dropped()).isEqualTo(104);
        assertThat(metrics.dropped.get()).isEqualTo(104);
        assertThat(warnings())
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .contains("cannot export spans to the OTLP collector at http://127.0.0.1:")
                        .contains("error status")
                        .doesNotContain("s3cret"));

        status = 200;
        recordTrace(tracer);
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.exported()).isEqualTo(2);
        assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage))
                .singleElement()
                .satisfies(m -> assertThat(m).contains("answers again").contains("104 dropped"));
    }

    @Test
    void closingExportsWhatIsQueued() {
        Tracer tracer = new Tracer(sink);
        recordTrace(tracer);
        sink.close(Duration.ofSeconds(10));
        assertThat(received.stream()
                        .mapToInt(r -> r.getResourceSpans(0).getScopeSpans(0).getSpansCount())
                        .sum())
                .isEqualTo(2);
        sink.accept(null);
    }

    @Test
    void grpcIsRefusedAtStartWithAClearMessageSinceNoGrpcSenderShips() {
        OtlpSettings grpc = OtlpSettings.fromVariables(name -> Optional.ofNullable(Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317",
                                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                        .get(name)))
                .orElseThrow();
        assertThatThrownBy(() -> OtlpSpanSink.start(grpc, metrics))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use http/protobuf");
    }

    private static void recordTrace(Tracer tracer) {
        try (SpanHandle root = tracer.startTrace(SCOPE, "run", SpanKind.CHAIN)) {
            root.child("llm", SpanKind.LLM).tokens(3, 4).end();
        }
    }

    private List<String> warnings() {
        return logs.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static Map<String, Object> attributes(List<KeyValue> list) {
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> value(kv.getValue())));
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case ARRAY_VALUE ->
                v.getArrayValue().getValuesList().stream()
                        .map(OtlpSpanSinkTest::value)
                        .toList();
            default -> v.toString();
        };
    }

    private static final class CountingMetrics implements Metrics {
        final AtomicLong dropped = new AtomicLong();

        @Override
        public void spansDropped(long count) {
            dropped.addAndGet(count);
        }
    }
}
