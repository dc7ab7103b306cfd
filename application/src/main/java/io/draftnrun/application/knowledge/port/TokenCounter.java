package io.draftnrun.application.knowledge.port;

/** Counts the tokens of a text the way the model the chunks are sized for does (o200k_base for gpt-4o-mini). */
public interface TokenCounter {
    int count(String text);
}
