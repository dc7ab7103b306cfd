package io.draftnrun.application.llm;

import io.draftnrun.application.llm.port.ChatModelProvider;
import io.draftnrun.application.llm.port.ChatStreamListener;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.shared.DomainException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A fake {@link ChatModelProvider} that replays queued replies in order (text, tool calls, usage, optional token
 * deltas streamed to the listener, or a thrown provider error) and records every request it received. Thread-safe.
 */
public final class ScriptedChatModelProvider implements ChatModelProvider {

    /** One scripted reply. Build with {@link #text}, {@link #toolCalls} or {@link #failure}. */
    public record Reply(
            String text,
            List<ToolCall> toolCalls,
            TokenUsage usage,
            List<String> deltas,
            Optional<RuntimeException> error) {
        public Reply {
            text = text == null ? "" : text;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
            usage = usage == null ? new TokenUsage(10, 5) : usage;
            deltas = deltas == null ? List.of() : List.copyOf(deltas);
            error = error == null ? Optional.empty() : error;
        }

        public static Reply text(String text) {
            return new Reply(text, List.of(), null, List.of(), Optional.empty());
        }

        public static Reply toolCalls(ToolCall... calls) {
            return new Reply("", List.of(calls), null, List.of(), Optional.empty());
        }

        public static Reply failure(RuntimeException error) {
            return new Reply("", List.of(), TokenUsage.ZERO, List.of(), Optional.of(error));
        }

        public Reply withUsage(TokenUsage newUsage) {
            return new Reply(text, toolCalls, newUsage, deltas, error);
        }

        /** Streams these deltas to the listener before returning (their concatenation should equal the text). */
        public Reply withDeltas(String... newDeltas) {
            return new Reply(text, toolCalls, usage, List.of(newDeltas), error);
        }
    }

    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();

    public synchronized ScriptedChatModelProvider enqueue(Reply reply) {
        replies.addLast(reply);
        return this;
    }

    public ScriptedChatModelProvider enqueueText(String text) {
        return enqueue(Reply.text(text));
    }

    @Override
    public ChatResult chat(ChatRequest request, ChatStreamListener listener) {
        Reply reply;
        synchronized (this) {
            requests.add(request);
            reply = replies.pollFirst();
        }
        if (reply == null) {
            throw new IllegalStateException("ScriptedChatModelProvider: no scripted reply left for request to "
                    + request.model() + " (" + requests.size() + " requests so far)");
        }
        if (reply.error().isPresent()) {
            throw reply.error().get();
        }
        for (String delta : reply.deltas()) {
            listener.onToken(delta);
        }
        FinishReason finish = reply.toolCalls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        return new ChatResult(reply.text(), reply.toolCalls(), reply.usage(), finish, request.model());
    }

    /** Every request received, in order. */
    public synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized ChatRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("no request received");
        }
        return requests.get(requests.size() - 1);
    }

    public synchronized int remainingReplies() {
        return replies.size();
    }

    /** A provider error as the real adapters raise it. */
    public static DomainException unavailable(String message) {
        return new DomainException(io.draftnrun.domain.shared.ErrorCode.UNAVAILABLE, message);
    }
}
