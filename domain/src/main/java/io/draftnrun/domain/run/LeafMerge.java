package io.draftnrun.domain.run;

import io.draftnrun.domain.llm.ChatMessage;
import java.util.List;

/**
 * The run's output from its leaves (spec 2.2): one leaf gives its payload; several give one assistant message made
 * of a "Result from agent i:" header, a newline, the leaf's last message text and a blank line for each leaf, in
 * order (their artifacts are dropped); no leaf gives an empty payload.
 */
public final class LeafMerge {
    private LeafMerge() {}

    public static Payload merge(List<Payload> leaves) {
        if (leaves.isEmpty()) {
            return Payload.empty();
        }
        if (leaves.size() == 1) {
            return leaves.getFirst();
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < leaves.size(); i++) {
            text.append("Result from agent ")
                    .append(i + 1)
                    .append(":\n")
                    .append(leaves.get(i).lastMessageText())
                    .append("\n\n");
        }
        return Payload.of(ChatMessage.assistant(text.toString()));
    }
}
