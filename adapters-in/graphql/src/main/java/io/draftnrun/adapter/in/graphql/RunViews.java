package io.draftnrun.adapter.in.graphql;

import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs and run events as the schema's {@code Run} and {@code RunEvent} types. */
final class RunViews {
    private RunViews() {}

    static Map<String, Object> run(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.id().toString());
        m.put("projectId", run.projectId().toString());
        m.put("environment", run.environment().name());
        m.put("graphVersionId", run.graphVersionId().value().toString());
        m.put("status", run.status().name());
        m.put("input", run.input());
        m.put("output", run.output().map(Payload::toMap).orElse(null));
        m.put("message", run.output().map(Payload::lastMessageText).orElse(null));
        m.put("artifacts", run.output().map(Payload::artifacts).orElse(Map.of()));
        m.put("error", run.error().orElse(null));
        m.put("traceId", run.traceId().value());
        m.put("startedBy", run.startedBy().map(u -> u.value().toString()).orElse(null));
        m.put("viaApiKey", run.viaApiKey());
        m.put("createdAt", run.createdAt().atOffset(ZoneOffset.UTC));
        m.put(
                "finishedAt",
                run.finishedAt().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null));
        m.put("durationMs", run.durationMillis().orElse(null));
        m.put("attempt", run.attempt());
        m.put("retryOf", run.retryOf().map(RunId::toString).orElse(null));
        return m;
    }

    static Map<String, Object> event(RunEvent event) {
        Map<String, Object> m = new LinkedHashMap<>(event.toMap());
        m.put("at", event.at().atOffset(ZoneOffset.UTC));
        return m;
    }
}
