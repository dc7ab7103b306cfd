package io.draftnrun.adapter.out.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {
    @Test
    void exposesTheCountersInPrometheusFormat() {
        try (MicrometerMetrics metrics = new MicrometerMetrics()) {
            metrics.spansDropped(3);
            metrics.spansDropped(2);
            metrics.spansWritten(7);
            metrics.llmTokens("openai", 100, 20);
            metrics.runFinished("succeeded", Duration.ofMillis(250));
            metrics.nodeFinished("ai_agent", "failed", Duration.ofMillis(20));
            metrics.graphQlOperation("query:traces", "ok", Duration.ofMillis(3));
            metrics.httpRequest("POST", "/graphql", 200, Duration.ofMillis(4));
            metrics.ingestionQueueDepth(() -> 4);
            metrics.ingestionTaskFinished("succeeded");
            metrics.spanBufferSize(() -> 9);

            String text = metrics.scrape();

            assertThat(text)
                    .contains("draftnrun_spans_dropped_total{application=\"draftnrun\"} 5.0")
                    .contains("draftnrun_spans_written_total{application=\"draftnrun\"} 7.0")
                    .contains(
                            "draftnrun_llm_tokens_total{application=\"draftnrun\",provider=\"openai\",type=\"prompt\"} 100.0")
                    .contains("draftnrun_runs_seconds_count{application=\"draftnrun\",status=\"succeeded\"} 1")
                    .contains(
                            "draftnrun_nodes_seconds_count{application=\"draftnrun\",component=\"ai_agent\",status=\"failed\"} 1")
                    .contains(
                            "draftnrun_graphql_operations_seconds_count{application=\"draftnrun\",operation=\"query:traces\",outcome=\"ok\"} 1")
                    .contains(
                            "draftnrun_http_requests_seconds_count{application=\"draftnrun\",method=\"POST\",route=\"/graphql\",status=\"200\"} 1")
                    .contains("draftnrun_ingestion_queue_depth{application=\"draftnrun\"} 4.0")
                    .contains("draftnrun_ingestion_tasks_total{application=\"draftnrun\",outcome=\"succeeded\"} 1.0")
                    .contains("draftnrun_span_buffer_size{application=\"draftnrun\"} 9.0")
                    .contains("jvm_memory_used_bytes");
        }
    }
}
