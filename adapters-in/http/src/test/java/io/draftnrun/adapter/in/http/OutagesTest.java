package io.draftnrun.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** An outage an adapter left untranslated is still answered UNAVAILABLE, never INTERNAL; a bug stays a bug. */
class OutagesTest {
    @Test
    void lostConnectionsAreOutagesAndOtherFailuresAreNot() {
        assertThat(Outages.isOutage(new IllegalStateException(
                        "query failed", new SQLTransientConnectionException("pool timed out after 3000ms"))))
                .isTrue();
        assertThat(Outages.isOutage(new RuntimeException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(Outages.isOutage(new RuntimeException(new SQLException("connection lost", "08006"))))
                .isTrue();
        assertThat(Outages.isOutage(new RuntimeException(new SQLException("syntax error", "42601"))))
                .isFalse();
        assertThat(Outages.isOutage(new NullPointerException())).isFalse();
        assertThat(Outages.isOutage(new DomainException(ErrorCode.NOT_FOUND, "run x not found")))
                .isFalse();

        DomainException answer = Outages.unavailable(new RuntimeException(new ConnectException("refused")));
        assertThat(answer.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        DomainException kept = new DomainException(ErrorCode.UNAVAILABLE, "the backend database is unavailable");
        assertThat(Outages.unavailable(new RuntimeException(kept))).isSameAs(kept);
    }
}
