package io.draftnrun.domain.organization;

import io.draftnrun.domain.shared.DomainException;
import java.util.regex.Pattern;

/** The name of an organization secret (e.g. {@code openai_api_key}): 1 to 200 of letters, digits, {@code _.-}. */
public record SecretKey(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");

    public SecretKey {
        if (value == null || !VALID.matcher(value).matches()) {
            throw DomainException.validation("a secret key has 1 to 200 letters, digits, '_', '.' or '-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
