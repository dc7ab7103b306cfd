package io.draftnrun.domain.trace;

import java.util.Objects;

/** How a span ended (OpenTelemetry status): {@code UNSET}, {@code OK}, or {@code ERROR} with a message. */
public record SpanStatus(Code code, String message) {
    public static final SpanStatus UNSET = new SpanStatus(Code.UNSET, "");
    public static final SpanStatus OK = new SpanStatus(Code.OK, "");

    public enum Code {
        UNSET,
        OK,
        ERROR
    }

    public SpanStatus {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
    }

    public static SpanStatus error(String message) {
        return new SpanStatus(Code.ERROR, message);
    }

    public boolean isError() {
        return code == Code.ERROR;
    }
}
