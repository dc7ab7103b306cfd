package io.draftnrun.adapter.in.graphql;

import io.draftnrun.application.trace.Chart;
import io.draftnrun.application.trace.Kpi;
import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.application.trace.TraceNode;
import io.draftnrun.application.trace.TraceTree;
import io.draftnrun.domain.trace.PeriodChange;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.TokenCounts;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The trace slice's views: one record per schema type, checked against the schema at start. */
final class TraceViews {
    private TraceViews() {}

    /** The schema types these records serve. */
    static final Map<String, Class<? extends Record>> TYPES = Map.ofEntries(
            Map.entry("TraceConnection", Fetchers.Connection.class),
            Map.entry("TraceEdge", Fetchers.Edge.class),
            Map.entry("TracePageInfo", Fetchers.PageInfo.class),
            Map.entry("TraceSummary", TraceSummaryView.class),
            Map.entry("Trace", TraceView.class),
            Map.entry("TraceSpan", TraceSpanView.class),
            Map.entry("Kpi", KpiView.class),
            Map.entry("Chart", ChartView.class),
            Map.entry("ChartData", ChartDataView.class),
            Map.entry("ChartDataset", ChartDatasetView.class));

    /** {@code TraceSummary}: a trace's root span, with totals over the whole trace. */
    record TraceSummaryView(
            String traceId,
            String spanId,
            String name,
            OffsetDateTime startTime,
            OffsetDateTime endTime,
            long durationMs,
            String status,
            String statusMessage,
            String environment,
            String runId,
            String input,
            String output,
            long cumulativeLlmTokenCountPrompt,
            long cumulativeLlmTokenCountCompletion,
            long cumulativeErrorCount) {
        static TraceSummaryView of(StoredSpan stored) {
            Span s = stored.span();
            return new TraceSummaryView(
                    s.traceId().value(),
                    s.spanId().value(),
                    s.name(),
                    Fetchers.time(s.start()),
                    Fetchers.time(s.end()),
                    s.duration().toMillis(),
                    s.status().code().name(),
                    s.status().message(),
                    s.scope().environment(),
                    s.scope().runId().map(UUID::toString).orElse(null),
                    s.stringAttribute(SpanAttributes.INPUT_VALUE).orElse(null),
                    s.stringAttribute(SpanAttributes.OUTPUT_VALUE).orElse(null),
                    stored.cumulative().tokens().prompt(),
                    stored.cumulative().tokens().completion(),
                    stored.cumulative().errorCount());
        }
    }

    /** {@code Trace}: the tree from the root, and every span flat (children left empty: use parentId). */
    record TraceView(
            String id,
            String projectId,
            String environment,
            String runId,
            TraceSpanView root,
            List<TraceSpanView> spans) {
        static TraceView of(TraceTree t) {
            return new TraceView(
                    t.traceId().value(),
                    t.scope().projectId().toString(),
                    t.scope().environment(),
                    t.scope().runId().map(UUID::toString).orElse(null),
                    TraceSpanView.tree(t.root()),
                    t.spans().stream().map(n -> TraceSpanView.of(n, List.of())).toList());
        }
    }

    /** {@code TraceSpan}. */
    record TraceSpanView(
            String spanId,
            String parentId,
            String name,
            String spanKind,
            OffsetDateTime startTime,
            OffsetDateTime endTime,
            long durationMs,
            List<Object> input,
            List<Object> output,
            List<Object> documents,
            String modelName,
            Map<String, Object> toolInfo,
            String statusCode,
            String statusMessage,
            Long llmTokenCountPrompt,
            Long llmTokenCountCompletion,
            long cumulativeLlmTokenCountPrompt,
            long cumulativeLlmTokenCountCompletion,
            long cumulativeErrorCount,
            Map<String, Object> attributes,
            List<Map<String, Object>> events,
            List<TraceSpanView> children) {
        /** The span with its descendants. */
        static TraceSpanView tree(TraceNode n) {
            return of(n, n.children().stream().map(TraceSpanView::tree).toList());
        }

        static TraceSpanView of(TraceNode n, List<TraceSpanView> children) {
            Span s = n.span();
            return new TraceSpanView(
                    s.spanId().value(),
                    s.parentId().map(SpanId::value).orElse(null),
                    s.name(),
                    s.kind().name(),
                    Fetchers.time(s.start()),
                    Fetchers.time(s.end()),
                    s.duration().toMillis(),
                    n.input(),
                    n.output(),
                    n.documents(),
                    n.modelName().orElse(null),
                    n.toolInfo().orElse(null),
                    s.status().code().name(),
                    s.status().message(),
                    n.ownTokens().map(TokenCounts::prompt).orElse(null),
                    n.ownTokens().map(TokenCounts::completion).orElse(null),
                    n.cumulative().tokens().prompt(),
                    n.cumulative().tokens().completion(),
                    n.cumulative().errorCount(),
                    s.attributes(),
                    s.events().stream()
                            .map(e -> Map.<String, Object>of(
                                    "name",
                                    e.name(),
                                    "timestamp",
                                    e.timestamp().toString(),
                                    "attributes",
                                    e.attributes()))
                            .toList(),
                    children);
        }
    }

    /** {@code Kpi}: a headline figure of a project over a period, with its change. */
    record KpiView(
            String title, String color, String icon, String stats, double value, String change, Double changePercent) {
        static KpiView of(Kpi k) {
            return new KpiView(
                    k.title(),
                    k.color(),
                    k.icon(),
                    k.stats(),
                    k.value(),
                    PeriodChange.format(k.change()),
                    k.change().orElse(null));
        }
    }

    /** {@code Chart}. */
    record ChartView(String id, String type, String title, ChartDataView data, String xAxisType, String yAxisType) {
        static ChartView of(Chart c) {
            return new ChartView(
                    c.id(),
                    c.type(),
                    c.title(),
                    new ChartDataView(
                            c.labels(),
                            c.datasets().stream().map(ChartDatasetView::of).toList()),
                    c.xAxisType().orElse(null),
                    c.yAxisType().orElse(null));
        }
    }

    /** {@code ChartData}. */
    record ChartDataView(List<String> labels, List<ChartDatasetView> datasets) {}

    /** {@code ChartDataset}. */
    record ChartDatasetView(String label, List<Double> data, String borderColor, String backgroundColor, Boolean fill) {
        static ChartDatasetView of(Chart.Dataset d) {
            return new ChartDatasetView(
                    d.label(),
                    d.data(),
                    d.borderColor().orElse(null),
                    d.backgroundColor().orElse(null),
                    d.fill().orElse(null));
        }
    }
}
