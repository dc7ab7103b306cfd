package io.draftnrun.application.runtime;

import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import java.util.List;
import java.util.Map;

/**
 * A tool of an agent that offers several functions, known only when the run starts (the tools of a remote MCP
 * server): the agent asks for {@link #toolSpecs} when its loop starts and sends each call of one of them to
 * {@link #callNamed}. Its own {@link #toolSpec()} is not offered to the model.
 */
public interface ToolSet extends FunctionCallable {
    /** The functions on offer in this run (listed once per run by the implementation). */
    List<ToolSpec> toolSpecs(RunContext ctx);

    /** Calls one of {@link #toolSpecs}; {@code ctx} is positioned in the call's TOOL span. */
    Payload callNamed(String name, Map<String, Object> arguments, Payload originalInput, RunContext ctx);
}
