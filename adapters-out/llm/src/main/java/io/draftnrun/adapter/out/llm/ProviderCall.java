package io.draftnrun.adapter.out.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one provider call with retries and turns any failure into a DomainException: UNAVAILABLE for 5xx, 429 (after
 * the retries), network failures and timeouts; FAILED_PRECONDITION for rejected keys, bad requests, unknown models and
 * unsupported features. Messages are redacted: the key, and anything shaped like a key, never appear.
 */
final class ProviderCall {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderCall.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_LIKE =
            Pattern.compile("(sk-|sk_|AIza|xai-|key-|Bearer\\s+)[^\\s\"',]+", Pattern.CASE_INSENSITIVE);

    enum Kind {
        RATE_LIMITED,
        SERVER,
        NETWORK,
        TIMEOUT,
        AUTH,
        BAD_REQUEST,
        NOT_FOUND,
        UNSUPPORTED,
        UNKNOWN;

        boolean retryable() {
            return this == RATE_LIMITED || this == SERVER || this == NETWORK;
        }
    }

    record Failure(Kind kind, int status, String detail) {}

    /** Who is called, for messages: provider name, model, base URL and the key to redact. */
    record Target(String provider, String model, String baseUrl, Optional<String> apiKey, String keyHint) {}

    private final RetryPolicy policy;

    ProviderCall(RetryPolicy policy) {
        this.policy = policy;
    }

    /**
     * Runs {@code call}, retrying retryable failures while {@code mayRetry} holds (a stream that already delivered
     * tokens must not be replayed).
     */
    <T> T run(Target target, Duration timeout, Supplier<T> call, BooleanSupplier mayRetry) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (DomainException e) {
                throw e;
            } catch (RuntimeException e) {
                Failure failure = classify(e, target);
                boolean again = failure.kind().retryable() && attempt < policy.maxAttempts() && mayRetry.getAsBoolean();
                if (!again) {
                    throw toDomain(failure, target, attempt, timeout, e);
                }
                Duration wait = policy.backoff(attempt);
                LOG.warn(
                        "{}:{} failed ({} {}), attempt {}/{}, retrying in {} ms",
                        target.provider(),
                        target.model(),
                        failure.kind(),
                        failure.status() > 0 ? failure.status() : "",
                        attempt,
                        policy.maxAttempts(),
                        wait.toMillis());
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new DomainException(ErrorCode.UNAVAILABLE, "call to " + target.provider() + " interrupted");
                }
            }
        }
    }

    static Failure classify(Throwable error, Target target) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                return fromStatus(http.statusCode(), detail(http.getMessage(), target));
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String detail = detail(t.getMessage(), target);
            if (t instanceof RateLimitException) {
                return new Failure(Kind.RATE_LIMITED, 429, detail);
            }
            if (t instanceof AuthenticationException) {
                return new Failure(Kind.AUTH, 401, detail);
            }
            if (t instanceof ModelNotFoundException) {
                return new Failure(Kind.NOT_FOUND, 404, detail);
            }
            if (t instanceof InvalidRequestException) {
                return new Failure(Kind.BAD_REQUEST, 400, detail);
            }
            if (t instanceof InternalServerException) {
                return new Failure(Kind.SERVER, 500, detail);
            }
            if (t instanceof UnsupportedFeatureException) {
                return new Failure(Kind.UNSUPPORTED, 0, detail);
            }
            if (t instanceof dev.langchain4j.exception.TimeoutException
                    || t instanceof HttpTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return new Failure(Kind.TIMEOUT, 0, "");
            }
            if (t instanceof UnresolvedModelServerException || t instanceof IOException) {
                return new Failure(Kind.NETWORK, 0, t.getClass().getSimpleName());
            }
        }
        return new Failure(
                Kind.UNKNOWN, 0, error.getClass().getSimpleName() + ": " + detail(error.getMessage(), target));
    }

    private static Failure fromStatus(int status, String detail) {
        if (status == 429) {
            return new Failure(Kind.RATE_LIMITED, status, detail);
        }
        if (status == 401 || status == 403) {
            return new Failure(Kind.AUTH, status, detail);
        }
        if (status == 404) {
            return new Failure(Kind.NOT_FOUND, status, detail);
        }
        if (status == 408) {
            return new Failure(Kind.TIMEOUT, status, detail);
        }
        if (status >= 500) {
            return new Failure(Kind.SERVER, status, detail);
        }
        return new Failure(Kind.BAD_REQUEST, status, detail);
    }

    static DomainException toDomain(Failure f, Target t, int attempts, Duration timeout, Throwable cause) {
        String who = t.provider() + " model '" + t.model() + "'";
        String detail = f.detail().isBlank() ? "" : ": " + f.detail();
        String status = f.status() > 0 ? "HTTP " + f.status() : "";
        String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
        DomainException e = switch (f.kind()) {
            case AUTH ->
                new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        t.provider() + " rejected the API key (" + status + ") for " + who + "; check " + t.keyHint());
            case BAD_REQUEST ->
                new DomainException(
                        ErrorCode.FAILED_PRECONDITION, who + " refused the request (" + status + ")" + detail);
            case NOT_FOUND ->
                new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        who + " was not found at " + t.baseUrl() + " (" + status + ")" + detail);
            case UNSUPPORTED ->
                new DomainException(ErrorCode.FAILED_PRECONDITION, who + " does not support this request" + detail);
            case RATE_LIMITED ->
                new DomainException(ErrorCode.UNAVAILABLE, who + " is rate limited (" + status + ")" + tries + detail);
            case SERVER ->
                new DomainException(ErrorCode.UNAVAILABLE, who + " failed (" + status + ")" + tries + detail);
            case NETWORK ->
                new DomainException(
                        ErrorCode.UNAVAILABLE,
                        "cannot reach " + t.provider() + " at " + t.baseUrl() + tries + " (" + f.detail() + ")");
            case TIMEOUT ->
                new DomainException(
                        ErrorCode.UNAVAILABLE, who + " did not answer within " + timeout.toSeconds() + " s" + tries);
            case UNKNOWN ->
                new DomainException(ErrorCode.UNAVAILABLE, who + " call failed" + tries + " (" + f.detail() + ")");
        };
        LOG.warn("{}", e.getMessage());
        return e;
    }

    /** The provider's error text, preferring {@code error.message} of a JSON body, redacted and shortened. */
    static String detail(String raw, Target target) {
        if (raw == null || raw.isBlank()) {
            return "";
        }
        String text = raw.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                JsonNode message = node.path("error").path("message");
                if (message.isMissingNode() && node.path("error").isTextual()) {
                    message = node.path("error");
                }
                if (message.isMissingNode()) {
                    message = node.path("message");
                }
                if (message.isTextual()) {
                    text = message.asText();
                }
            } catch (IOException ignored) {
                // not JSON after all: keep the raw text
            }
        }
        return redact(text, target.apiKey());
    }

    static String redact(String text, Optional<String> apiKey) {
        String out = text;
        if (apiKey.isPresent() && apiKey.get().length() >= 4) {
            out = out.replace(apiKey.get(), "[redacted]");
        }
        out = KEY_LIKE.matcher(out).replaceAll("[redacted]");
        out = out.replaceAll("\\s+", " ");
        return out.length() > 300 ? out.substring(0, 300) + "..." : out;
    }
}
