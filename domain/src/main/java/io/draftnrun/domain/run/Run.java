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
        Optional<Instant> finishedAt) {

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
                Optional.of(at));
    }

    /** Wall-clock duration in milliseconds, once finished. */
    public Optional<Long> durationMillis() {
        return finishedAt.map(f -> java.time.Duration.between(createdAt, f).toMillis());
    }
}
