package io.draftnrun.application.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedChatModelProviderTest {
    private final ChatRequest request = ChatRequest.of(
            ModelReference.parse("openai:gpt-4.1-mini"), List.of(ChatMessage.user("hi")), ProviderCredentials.none());

    @Test
    void replaysRepliesInOrderStreamingDeltasAndRecordingRequests() {
        var provider = new ScriptedChatModelProvider()
                .enqueue(ScriptedChatModelProvider.Reply.toolCalls(new ToolCall("c1", "search", "{\"q\":\"x\"}")))
                .enqueue(ScriptedChatModelProvider.Reply.text("Hello!").withDeltas("Hel", "lo!"));
        ChatResult first = provider.chat(request);
        assertThat(first.toolCalls()).extracting(ToolCall::name).containsExactly("search");
        assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);

        List<String> deltas = new ArrayList<>();
        ChatResult second = provider.chat(request, deltas::add);
        assertThat(second.text()).isEqualTo("Hello!");
        assertThat(deltas).containsExactly("Hel", "lo!");
        assertThat(provider.requests()).hasSize(2);
        assertThatThrownBy(() -> provider.chat(request)).hasMessageContaining("no scripted reply left");
    }

    @Test
    void fakeEmbeddingsAreDeterministicAndSimilarForSharedWords() {
        var fake = new FakeEmbeddingModelProvider(64);
        List<float[]> v = fake.embed(
                BuiltInModels.LOCAL_MINILM,
                ProviderCredentials.none(),
                List.of("the cat sat", "the cat sat", "quantum chromodynamics"));
        assertThat(v.get(0)).hasSize(64).containsExactly(v.get(1));
        assertThat(dot(v.get(0), v.get(1))).isGreaterThan(dot(v.get(0), v.get(2)));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
