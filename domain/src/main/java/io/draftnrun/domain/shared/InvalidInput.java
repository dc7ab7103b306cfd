package io.draftnrun.domain.shared;

import java.util.List;
import java.util.stream.Collectors;

/** Input refused with every violation found, not only the first; nothing was written. */
public class InvalidInput extends DomainException {
    private final List<Violation> violations;

    public InvalidInput(String summary, List<Violation> violations) {
        super(ErrorCode.VALIDATION, summary + ": " + describe(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return violations.stream().map(v -> v.path() + ": " + v.message()).collect(Collectors.joining("; "));
    }
}
