package io.draftnrun.application.trace;

import io.draftnrun.application.trace.port.ProjectDirectory;
import io.draftnrun.application.trace.port.TraceReadModel;
import io.draftnrun.application.trace.port.TraceReadModel.RootPosition;
import io.draftnrun.application.trace.port.TraceReadModel.RootSample;
import io.draftnrun.application.trace.port.TraceReadModel.TokenSample;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.Histogram;
import io.draftnrun.domain.trace.PeriodChange;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.TraceId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads of the monitoring views: traces of a project (newest first, paged), one trace as a tree, KPIs against the
 * previous period and charts. Every read needs the READER right in the organization that owns the project.
 */
public final class TraceQueries {
    public static final int MAX_PAGE = 100;
    public static final int MAX_DAYS = 366;

    private final TraceReadModel reads;
    private final ProjectDirectory projects;
    private final Clock clock;

    public TraceQueries(TraceReadModel reads, ProjectDirectory projects, Clock clock) {
        this.reads = reads;
        this.projects = projects;
        this.clock = clock;
    }

    /** Root spans of the project's traces matching {@code filter}, newest first. */
    public TracePage traces(Actor actor, UUID projectId, TraceFilter filter, int first, Optional<String> after) {
        authorize(actor, projectId);
        if (first < 1 || first > MAX_PAGE) {
            throw DomainException.validation("first must be between 1 and " + MAX_PAGE);
        }
        Optional<RootPosition> position = after.map(TraceQueries::decodeCursor);
        List<StoredSpan> roots = reads.roots(projectId, filter, first + 1, position);
        List<TracePage.Entry> entries = new ArrayList<>();
        for (StoredSpan root : roots.subList(0, Math.min(first, roots.size()))) {
            entries.add(new TracePage.Entry(encodeCursor(root.span()), root));
        }
        return new TracePage(entries, roots.size() > first);
    }

    /** The trace as a tree; empty when unknown. */
    public Optional<TraceTree> trace(Actor actor, TraceId traceId) {
        List<StoredSpan> spans = reads.trace(traceId);
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        Span any = spans.getFirst().span();
        OrganizationId owner = projects.organizationOf(any.scope().projectId())
                .orElse(any.scope().organizationId());
        if (!actor.sees(owner)) {
            return Optional.empty(); // as for an unknown trace
        }
        actor.require(owner, Right.READER);
        return Optional.of(buildTree(traceId, spans));
    }

    /** Total tokens, runs and average latency over the last {@code days} days, each against the previous period. */
    public List<Kpi> projectKpis(Actor actor, UUID projectId, int days) {
        authorize(actor, projectId);
        checkDays(days);
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(days));
        Instant previousFrom = from.minus(Duration.ofDays(days));
        List<RootSample> current = reads.rootSamples(projectId, from, now);
        List<RootSample> previous = reads.rootSamples(projectId, previousFrom, from);
        boolean previousEmpty = previous.isEmpty();

        double tokens = totalTokens(current);
        double runs = current.size();
        double latency = averageSeconds(current);
        return List.of(
                new Kpi(
                        "Total Tokens Usage",
                        "primary",
                        "tabler-coin",
                        Long.toString((long) tokens),
                        tokens,
                        PeriodChange.percent(tokens, totalTokens(previous), previousEmpty)),
                new Kpi(
                        "Total API Requests",
                        "success",
                        "tabler-api",
                        Long.toString((long) runs),
                        runs,
                        PeriodChange.percent(runs, previous.size(), previousEmpty)),
                new Kpi(
                        "Average Latency",
                        "warning",
                        "tabler-clock",
                        String.format(Locale.ROOT, "%.2fs", latency),
                        latency,
                        PeriodChange.percent(latency, averageSeconds(previous), previousEmpty)));
    }

    /** Runs per day, tokens per day, latency and token distributions over the last {@code days} calendar days. */
    public List<Chart> projectCharts(Actor actor, UUID projectId, int days) {
        authorize(actor, projectId);
        checkDays(days);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate firstDay = today.minusDays(days - 1L);
        Instant from = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<RootSample> roots = reads.rootSamples(projectId, from, to);
        List<TokenSample> tokens = reads.tokenSamples(projectId, from, to);

        List<String> dayLabels = new ArrayList<>();
        Map<LocalDate, Integer> index = new HashMap<>();
        for (int i = 0; i < days; i++) {
            LocalDate d = firstDay.plusDays(i);
            index.put(d, i);
            dayLabels.add(d.toString());
        }
        double[] runsPerDay = new double[days];
        for (RootSample r : roots) {
            Integer i = index.get(LocalDate.ofInstant(r.start(), ZoneOffset.UTC));
            if (i != null) {
                runsPerDay[i]++;
            }
        }
        double[] promptPerDay = new double[days];
        double[] completionPerDay = new double[days];
        for (TokenSample t : tokens) {
            Integer i = index.get(LocalDate.ofInstant(t.start(), ZoneOffset.UTC));
            if (i != null) {
                promptPerDay[i] += t.tokens().prompt();
                completionPerDay[i] += t.tokens().completion();
            }
        }
        String pid = projectId.toString();
        Chart usage = new Chart(
                "agent_usage_" + pid,
                "line",
                "Agent Usage",
                dayLabels,
                List.of(dataset("Number of calls per day", runsPerDay, "#4CAF50")),
                Optional.of("category"),
                Optional.of("linear"));
        Chart tokenUsage = new Chart(
                "token_usage_" + pid,
                "line",
                "Token Usage",
                dayLabels,
                List.of(
                        dataset("Input tokens per day", promptPerDay, "#2196F3"),
                        dataset("Output tokens per day", completionPerDay, "#FF9800")),
                Optional.of("category"),
                Optional.of("linear"));

        Histogram latency = Histogram.freedmanDiaconis(roots.stream()
                .map(r -> Duration.between(r.start(), r.end()).toNanos() / 1e9)
                .toList());
        Chart latencyChart = new Chart(
                "latency_distribution_" + pid,
                "bar",
                "Latency Distribution (seconds)",
                latency.centres().stream()
                        .map(c -> String.format(Locale.ROOT, "%.1f", c))
                        .toList(),
                List.of(dataset("Number of runs", toArray(latency.counts()), "#9C27B0")),
                Optional.of("category"),
                Optional.of("linear"));

        Histogram prompt =
                Histogram.fixed(tokens.stream().map(t -> t.tokens().prompt()).toList(), 0, 10_000, 1_000);
        Histogram completion = Histogram.fixed(
                tokens.stream().map(t -> t.tokens().completion()).toList(), 0, 10_000, 1_000);
        Chart tokenChart = new Chart(
                "tokens_distribution_" + pid,
                "bar",
                "Tokens Distribution",
                prompt.centres().stream().map(c -> Long.toString(Math.round(c))).toList(),
                List.of(
                        dataset("Input tokens", toArray(prompt.counts()), "#2196F3"),
                        dataset("Output tokens", toArray(completion.counts()), "#FF9800")),
                Optional.of("category"),
                Optional.of("linear"));
        return List.of(usage, tokenUsage, latencyChart, tokenChart);
    }

    private void authorize(Actor actor, UUID projectId) {
        OrganizationId owner =
                projects.organizationOf(projectId).orElseThrow(() -> DomainException.notFound("project " + projectId));
        actor.require(owner, Right.READER, "project " + projectId);
    }

    private static void checkDays(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw DomainException.validation("days must be between 1 and " + MAX_DAYS);
        }
    }

    private static double totalTokens(List<RootSample> samples) {
        return samples.stream().mapToLong(s -> s.cumulativeTokens().total()).sum();
    }

    private static double averageSeconds(List<RootSample> samples) {
        return samples.stream()
                .mapToDouble(s -> Duration.between(s.start(), s.end()).toNanos() / 1e9)
                .average()
                .orElse(0);
    }

    private static Chart.Dataset dataset(String label, double[] values, String color) {
        List<Double> data = new ArrayList<>();
        for (double v : values) {
            data.add(v);
        }
        return new Chart.Dataset(label, data, Optional.of(color), Optional.of(color), Optional.of(false));
    }

    private static double[] toArray(List<Long> counts) {
        return counts.stream().mapToDouble(Long::doubleValue).toArray();
    }

    static TraceTree buildTree(TraceId traceId, List<StoredSpan> spans) {
        Map<SpanId, StoredSpan> byId = new LinkedHashMap<>();
        spans.forEach(s -> byId.put(s.span().spanId(), s));
        StoredSpan root = spans.stream()
                .filter(s -> s.span().isRoot())
                .min(Comparator.comparing(s -> s.span().start()))
                .orElseGet(() -> spans.stream()
                        .min(Comparator.comparing(s -> s.span().start()))
                        .orElseThrow());
        Map<SpanId, List<StoredSpan>> children = new HashMap<>();
        for (StoredSpan s : spans) {
            if (s == root) {
                continue;
            }
            SpanId parent = s.span()
                    .parentId()
                    .filter(byId::containsKey)
                    .orElse(root.span().spanId());
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
        }
        children.values()
                .forEach(list -> list.sort(Comparator.comparing(s -> s.span().start())));
        List<TraceNode> preorder = new ArrayList<>();
        TraceNode tree = node(root, children, preorder, 0);
        return new TraceTree(traceId, root.span().scope(), tree, reorder(preorder));
    }

    private static TraceNode node(
            StoredSpan s, Map<SpanId, List<StoredSpan>> children, List<TraceNode> preorder, int depth) {
        int slot = preorder.size();
        preorder.add(null);
        List<TraceNode> kids = new ArrayList<>();
        if (depth < 256) {
            for (StoredSpan c : children.getOrDefault(s.span().spanId(), List.of())) {
                kids.add(node(c, children, preorder, depth + 1));
            }
        }
        TraceNode n = TraceNode.of(s, kids);
        preorder.set(slot, n);
        return n;
    }

    private static List<TraceNode> reorder(List<TraceNode> preorder) {
        return preorder.stream().filter(java.util.Objects::nonNull).toList();
    }

    static String encodeCursor(Span root) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, root.start());
        String raw = micros + ":" + root.spanId().value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static RootPosition decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            long micros = Long.parseLong(raw.substring(0, colon));
            String spanId = new SpanId(raw.substring(colon + 1)).value();
            return new RootPosition(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), spanId);
        } catch (RuntimeException e) {
            throw DomainException.validation("after is not a cursor returned by traces");
        }
    }

    /** The cumulative values of a root, for callers that only hold a {@link StoredSpan}. */
    public static Rollup cumulative(StoredSpan s) {
        return s.cumulative();
    }
}
