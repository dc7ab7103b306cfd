package io.draftnrun.domain.run;

import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.trace.TraceId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run of a project's graph as stored: who started it (a user, or an API key of the project created by that user),
 * on which environment and graph version, its request, status, output payload, error, timings and trace.
 *
 * @param input the request as received (a JSON object)
 * @param output the run's output payload, once it succeeded
 * @param attempt 1 for a run started by a request, n + 1 for a retry of an attempt n
 * @param retryOf the run this one retries (started from its stored input), if it is a retry
 */
public record Run(
        RunId id,
        ProjectId projectId,
        OrganizationId organizationId,
        Environment environment,
        GraphVersionId graphVersionId,
        RunStatus status,
        Map<String, Object> input,
        Optional<Payload> output,
        Optional<String> error,
        TraceId traceId,
        Optional<UserId> startedBy,
        boolean viaApiKey,
        Instant createdAt,
        Optional<Instant> finishedAt,
        int attempt,
        Optional<RunId> retryOf) {

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(graphVersionId, "graphVersionId");
        Objects.requireNonNull(status, "status");
        input = input == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input));
        output = output == null ? Optional.empty() : output;
        error = error == null ? Optional.empty() : error;
        Objects.requireNonNull(traceId, "traceId");
        startedBy = startedBy == null ? Optional.empty() : startedBy;
        Objects.requireNonNull(createdAt, "createdAt");
        finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
        if (attempt < 1) {
            throw new IllegalArgumentException("a run's attempt counts from 1");
        }
        retryOf = retryOf == null ? Optional.empty() : retryOf;
    }

    /** A first attempt (not a retry). */
    public Run(
            RunId id,
            ProjectId projectId,
            OrganizationId organizationId,
            Environment environment,
            GraphVersionId graphVersionId,
            RunStatus status,
            Map<String, Object> input,
            Optional<Payload> output,
            Optional<String> error,
            TraceId traceId,
            Optional<UserId> startedBy,
            boolean viaApiKey,
            Instant createdAt,
            Optional<Instant> finishedAt) {
        this(
                id,
                projectId,
                organizationId,
                environment,
                graphVersionId,
                status,
                input,
                output,
                error,
                traceId,
                startedBy,
                viaApiKey,
                createdAt,
                finishedAt,
                1,
                Optional.empty());
    }

    /** The same run with another live status (QUEUED, RUNNING). */
    public Run withStatus(RunStatus liveStatus) {
        if (liveStatus.isFinal()) {
            throw new IllegalArgumentException("use finished() for a final status");
        }
        return new Run(
                id,
                projectId,
                organizationId,
                environment,
                graphVersionId,
                liveStatus,
                input,
                output,
                error,
                traceId,
                startedBy,
                viaApiKey,
                createdAt,
                finishedAt,
                attempt,
                retryOf);
    }

    /** The same run, finished. */
    public Run finished(RunStatus finalStatus, Optional<Payload> result, Optional<String> failure, Instant at) {
        if (!finalStatus.isFinal()) {
            throw new IllegalArgumentException("a run finishes with a final status");
        }
        return new Run(
                id,
                projectId,
                organizationId,
                environment,
                graphVersionId,
                finalStatus,
                input,
                result,
                failure,
                traceId,
                startedBy,
                viaApiKey,
                createdAt,
                Optional.of(at),
                attempt,
                retryOf);
    }

    /** Wall-clock duration in milliseconds, once finished. */
    public Optional<Long> durationMillis() {
        return finishedAt.map(f -> java.time.Duration.between(createdAt, f).toMillis());
    }
}
