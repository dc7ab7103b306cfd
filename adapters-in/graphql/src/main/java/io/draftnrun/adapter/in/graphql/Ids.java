package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.draftnrun.domain.shared.Uuids;
import java.util.Optional;
import java.util.UUID;

/** The ids of GraphQL arguments and input fields, read by the domain's one id reader ({@link Uuids}). */
final class Ids {
    private Ids() {}

    /** The argument {@code name} of the field being fetched, which must be an id. */
    static UUID uuid(DataFetchingEnvironment env, String name) {
        return uuid(env.<Object>getArgument(name), name);
    }

    /** {@code value} (named {@code name} in the message) as an id; null is refused as well ({@link Uuids}). */
    static UUID uuid(Object value, String name) {
        return Uuids.parse(value, name);
    }

    /** An optional id: empty for null, else as {@link #uuid(Object, String)}. */
    static Optional<UUID> optional(Object value, String name) {
        return value == null ? Optional.empty() : Optional.of(uuid(value, name));
    }
}
