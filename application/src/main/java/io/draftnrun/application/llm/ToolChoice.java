package io.draftnrun.application.llm;

/** Whether the model may ({@code AUTO}), must not ({@code NONE}) or must ({@code REQUIRED}) call a tool. */
public enum ToolChoice {
    AUTO,
    NONE,
    REQUIRED
}
