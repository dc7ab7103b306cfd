package io.draftnrun.application.runtime;

import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import java.util.Map;

/**
 * A component an agent can call as a tool: it describes itself as a function ({@link #toolSpec()}, from its tool
 * description) and runs with the model's arguments plus the agent's original input payload.
 */
public interface FunctionCallable extends RunnableComponent {
    ToolSpec toolSpec();

    /**
     * Runs as a tool call. {@code ctx} is positioned in the tool call's span; the returned payload's last message
     * text is what the agent's model sees; {@code isFinal} lets an agent shortcut.
     */
    Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx);
}
