package io.draftnrun.application.components.sql;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;

/** The customer's database could not be described (unreachable, bad credentials, unsupported URL). */
public final class SqlDatabaseUnavailable extends DomainException {
    public SqlDatabaseUnavailable(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }
}
