package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs and run events as the JSON of the REST, OpenAI and MCP endpoints (server-sent events, progress notifications).
 * This adapter's wire format: the GraphQL schema's views are the graphql adapter's.
 */
final class RunJson {
    private RunJson() {}

    static Map<String, Object> event(RunEvent event) {
        Map<String, Object> m = new LinkedHashMap<>(event.toMap());
        m.put("at", event.at().atOffset(ZoneOffset.UTC));
        return m;
    }

    /** The reference's ChatResponse: {@code {message, error, artifacts}} (plus the run id). */
    static Map<String, Object> chatResponse(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", run.output().map(Payload::lastMessageText).orElse(null));
        m.put("error", run.error().orElse(null));
        m.put("artifacts", run.output().map(Payload::artifacts).orElse(Map.of()));
        m.put("run_id", run.id().toString());
        return m;
    }
}
