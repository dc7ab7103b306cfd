package io.draftnrun.application.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageLimiterTest {
    @Test
    void refusesPlatformKeysOnceTheAllowanceIsUsedAndNamesTheSecretToSet() {
        InMemoryTraceStore store = new InMemoryTraceStore();
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        TraceScope scope = TraceScope.ofRun(UUID.randomUUID(), org, "draft", UUID.randomUUID());
        UsageLimiter limiter = new UsageLimiter(store, 1_000, Clock.systemUTC(), Duration.ZERO);
        assertThat(limiter.mayUsePlatformKeys(org)).isTrue();
        Instant t = Instant.now();
        store.write(List.of(SpanFixtures.span(
                scope,
                TraceId.random(),
                SpanId.random(),
                null,
                "own key",
                SpanKind.LLM,
                t,
                Duration.ZERO,
                5_000,
                0,
                false,
                SpanStatus.OK)));
        assertThat(limiter.mayUsePlatformKeys(org))
                .as("own-key tokens are not limited")
                .isTrue();
        store.write(List.of(SpanFixtures.span(
                scope,
                TraceId.random(),
                SpanId.random(),
                null,
                "platform",
                SpanKind.LLM,
                t,
                Duration.ZERO,
                900,
                100,
                true,
                SpanStatus.OK)));
        assertThatThrownBy(() -> limiter.requirePlatformKeyAllowed(org, "OpenAI"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
                    assertThat(e.getMessage()).contains("1,000").contains("openai_api_key");
                });
        assertThatCode(() -> limiter.requirePlatformKeyAllowed(new OrganizationId(UUID.randomUUID()), "openai"))
                .doesNotThrowAnyException();
    }
}
