package io.draftnrun.adapter.in.graphql;

import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dataloader.DataLoaderRegistry;

/**
 * One feature slice of the schema: its {@code .graphqls} files (which {@code extend type Query/Mutation/...}) and the
 * fetchers that serve them.
 */
public interface GraphQlSlice {
    /** Classpath resources, e.g. {@code graphql/project.graphqls}. */
    List<String> schemaResources();

    void register(RuntimeWiring.Builder wiring);

    /**
     * The record serving each object type of this slice's schema, by type name (graphql-java's default fetcher reads
     * its components). Checked at start: each field of the type is a component or has a wired fetcher.
     */
    default Map<String, Class<? extends Record>> views() {
        return Map.of();
    }

    /**
     * Registers this slice's DataLoaders in the registry of one operation (loaders cache per request, so each
     * operation gets new ones): children fetched per parent are then read in one batch per level.
     */
    default void dataLoaders(DataLoaderRegistry registry) {}

    /** Root fields callable without an identity, as {@code Query.serverInfo}. Everything else requires one. */
    default Set<String> publicFields() {
        return Set.of();
    }
}
