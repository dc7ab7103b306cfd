package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The helpers every slice's fetchers share: the caller, id arguments, times as the schema's {@code DateTime}, page
 * arguments and the Relay connection views. One copy, so a rule (the default page size, UTC offsets) changes once.
 */
final class Fetchers {
    /** The page size when a connection field is asked without {@code first}. */
    static final int DEFAULT_PAGE_SIZE = 20;

    private Fetchers() {}

    /** The actor of the operation being fetched (UNAUTHENTICATED for an anonymous one). */
    static Actor actor(DataFetchingEnvironment env) {
        return context(env)
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "sign in first"))
                .requireActor();
    }

    /** The caller of a public field: signed in or not (an invalid token was refused before any field ran). */
    static Optional<Actor> caller(DataFetchingEnvironment env) {
        return context(env).flatMap(RequestContext::actor);
    }

    /** The request's context, absent when the engine runs without one (tests). */
    static Optional<RequestContext> context(DataFetchingEnvironment env) {
        return Optional.ofNullable(env.getGraphQlContext().get(RequestContext.KEY));
    }

    /** The argument {@code name}, which must be an id (VALIDATION error naming it otherwise). */
    static UUID uuid(DataFetchingEnvironment env, String name) {
        return Ids.uuid(env, name);
    }

    /** The argument {@code name} as an organization id. */
    static OrganizationId organization(DataFetchingEnvironment env, String name) {
        return new OrganizationId(Ids.uuid(env, name));
    }

    /** An instant as the schema's {@code DateTime} (UTC). */
    static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** An optional instant as a nullable {@code DateTime}. */
    static OffsetDateTime time(Optional<Instant> instant) {
        return instant.map(Fetchers::time).orElse(null);
    }

    /** The {@code first} argument of a connection field, {@value #DEFAULT_PAGE_SIZE} when left out. */
    static int first(DataFetchingEnvironment env) {
        Integer first = env.getArgument("first");
        return first == null ? DEFAULT_PAGE_SIZE : first;
    }

    /** The {@code after} cursor argument of a connection field. */
    static Optional<String> after(DataFetchingEnvironment env) {
        return Optional.ofNullable(env.getArgument("after"));
    }

    /** An input object argument (the schema guarantees its shape). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> input(Object value) {
        return (Map<String, Object>) value;
    }

    /** A list of input objects; empty for null. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> inputs(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    /** Every schema's {@code *PageInfo}: whether more follow, and the cursor to ask for them. */
    record PageInfo(boolean hasNextPage, String endCursor) {}

    /** Every schema's {@code *Edge}: a node and its cursor. */
    record Edge<T>(String cursor, T node) {}

    /** Every schema's {@code *Connection}: a page of edges. */
    record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo) {
        /** A page whose end cursor is its last edge's. */
        static <T> Connection<T> of(List<Edge<T>> edges, boolean hasNextPage) {
            return new Connection<>(
                    edges,
                    new PageInfo(
                            hasNextPage,
                            edges.isEmpty() ? null : edges.getLast().cursor()));
        }

        /** A page of {@code entries}, each turned into an edge by {@code edge}. */
        static <E, T> Connection<T> of(List<E> entries, Function<E, Edge<T>> edge, boolean hasNextPage) {
            return of(entries.stream().map(edge).toList(), hasNextPage);
        }
    }
}
