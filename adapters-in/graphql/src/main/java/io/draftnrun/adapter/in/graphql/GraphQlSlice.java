package io.draftnrun.adapter.in.graphql;

import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import java.util.Set;

/**
 * One feature slice of the schema: its {@code .graphqls} files (which {@code extend type Query/Mutation/...}) and the
 * fetchers that serve them.
 */
public interface GraphQlSlice {
    /** Classpath resources, e.g. {@code graphql/project.graphqls}. */
    List<String> schemaResources();

    void register(RuntimeWiring.Builder wiring);

    /** Root fields callable without an identity, as {@code Query.serverInfo}. Everything else requires one. */
    default Set<String> publicFields() {
        return Set.of();
    }
}
