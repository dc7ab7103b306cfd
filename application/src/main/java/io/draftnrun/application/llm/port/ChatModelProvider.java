package io.draftnrun.application.llm.port;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ChatResult;

/**
 * Calls a chat model. Streams text deltas to the listener as they arrive and returns the complete reply. Failures are
 * DomainExceptions: UNAVAILABLE (provider down, rate limited after retries, timeout) or FAILED_PRECONDITION (key
 * rejected, bad request, unsupported feature); messages never contain keys.
 */
public interface ChatModelProvider {
    ChatResult chat(ChatRequest request, ChatStreamListener listener);

    default ChatResult chat(ChatRequest request) {
        return chat(request, ChatStreamListener.NONE);
    }
}
