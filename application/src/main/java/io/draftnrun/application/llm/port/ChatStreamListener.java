package io.draftnrun.application.llm.port;

/** Receives the assistant's text as it streams, one delta at a time, on the provider's thread. */
@FunctionalInterface
public interface ChatStreamListener {
    /** A listener that ignores deltas; providers may then call the model without streaming. */
    ChatStreamListener NONE = delta -> {};

    void onToken(String delta);
}
