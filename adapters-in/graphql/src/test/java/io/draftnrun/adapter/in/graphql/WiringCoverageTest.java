package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine refuses to start when the wiring and the schema disagree (every real slice is checked at boot). */
class WiringCoverageTest {
    private static final SystemQueries SYSTEM = new SystemQueries(new ServerInfo("1", "dev", List.of()), List.of());

    private static GraphQlSlice slice(String resource, java.util.function.Consumer<RuntimeWiring.Builder> wiring) {
        return new GraphQlSlice() {
            @Override
            public List<String> schemaResources() {
                return List.of(resource);
            }

            @Override
            public void register(RuntimeWiring.Builder builder) {
                wiring.accept(builder);
            }
        };
    }

    @Test
    void aRootFieldWithoutAFetcherStopsTheStart() {
        GraphQlSlice missing = slice("graphql/testonly.graphqls", w -> {});
        assertThatThrownBy(
                        () -> new GraphQlEngine(List.of(new SystemGraphQl(SYSTEM), missing), GraphQlLimits.defaults()))
                .hasMessageContaining("no fetcher for Query.secret");
    }

    @Test
    void aFetcherNamingAMissingFieldStopsTheStart() {
        GraphQlSlice renamed = slice(
                "graphql/testonly.graphqls",
                w -> w.type(
                        "Query",
                        b -> b.dataFetcher("secret", e -> "")
                                .dataFetcher("missing", e -> "")
                                .dataFetcher("broken", e -> "")
                                .dataFetcher("deep", e -> null)
                                .dataFetcher("invalidThing", e -> "")
                                .dataFetcher("secrett", e -> "typo")));
        assertThatThrownBy(
                        () -> new GraphQlEngine(List.of(new SystemGraphQl(SYSTEM), renamed), GraphQlLimits.defaults()))
                .hasMessageContaining("fetcher wired to missing field Query.secrett");
    }
}
