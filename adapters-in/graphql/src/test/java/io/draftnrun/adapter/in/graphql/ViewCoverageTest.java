package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every object type of the schema is served by a record whose components are its fields (checked at start). */
class ViewCoverageTest {
    private static final SystemQueries SYSTEM = new SystemQueries(new ServerInfo("1", "dev", List.of()), List.of());

    /** The six real slices; their use cases are not called while the schema is built. */
    static List<GraphQlSlice> realSlices() {
        return List.of(
                new SystemGraphQl(SYSTEM),
                new OrganizationGraphQl(null),
                new ProjectGraphQl(null),
                new RunGraphQl(null, null, null, null),
                new KnowledgeGraphQl(null),
                new TraceGraphQl(null));
    }

    @Test
    void everyObjectTypeOfTheRealSchemaResolvesAgainstTheRecordServingIt() {
        List<GraphQlSlice> slices = realSlices();
        GraphQlEngine engine = new GraphQlEngine(slices, GraphQlLimits.defaults());
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
        slices.forEach(s -> s.register(wiring));

        assertThat(ViewCoverage.problems(engine.schema(), wiring.build(), slices))
                .isEmpty();
        assertThat(new RunGraphQl(null, null, null, null).views()).containsEntry("Run", RunViews.RunView.class);
    }

    record ThingView(String name, String createdAtt, OwnerView owner) {}

    record OwnerView(String id) {}

    private static GraphQlSlice drift(
            Map<String, Class<? extends Record>> views, Consumer<RuntimeWiring.Builder> extraWiring) {
        return new GraphQlSlice() {
            @Override
            public List<String> schemaResources() {
                return List.of("graphql/viewdrift.graphqls");
            }

            @Override
            public Map<String, Class<? extends Record>> views() {
                return views;
            }

            @Override
            public void register(RuntimeWiring.Builder wiring) {
                wiring.type("Query", b -> b.dataFetcher("thing", env -> null));
                extraWiring.accept(wiring);
            }
        };
    }

    @Test
    void aMisspeltComponentStopsTheStartNamingBothSides() {
        GraphQlSlice slice = drift(Map.of("Thing", ThingView.class, "Owner", OwnerView.class), w -> {});
        assertThatThrownBy(() -> new GraphQlEngine(List.of(new SystemGraphQl(SYSTEM), slice), GraphQlLimits.defaults()))
                .hasMessageContaining("Thing.createdAt is neither a component of ThingView nor wired to a fetcher")
                .hasMessageContaining("ThingView.createdAtt is not a field of Thing");
    }

    @Test
    void aFieldWiredToAFetcherNeedsNoComponentAndMayReadExtraOnes() {
        GraphQlSlice slice = drift(
                Map.of("Thing", ThingView.class, "Owner", OwnerView.class),
                w -> w.type(
                        "Thing",
                        b -> b.dataFetcher(
                                "createdAt", env -> env.<ThingView>getSource().createdAtt())));
        new GraphQlEngine(List.of(new SystemGraphQl(SYSTEM), slice), GraphQlLimits.defaults());
    }

    @Test
    void aTypeWithoutARecordStopsTheStart() {
        GraphQlSlice undeclared = drift(
                Map.of("Thing", ThingView.class), w -> w.type("Thing", b -> b.dataFetcher("createdAt", env -> null)));
        assertThatThrownBy(() ->
                        new GraphQlEngine(List.of(new SystemGraphQl(SYSTEM), undeclared), GraphQlLimits.defaults()))
                .hasMessageContaining("no view record declared for type Owner");
    }

    @Test
    void aViewForATypeTheSchemaLacksStopsTheStart() {
        GraphQlSlice slice = drift(
                Map.of("Thing", ThingView.class, "Owner", OwnerView.class, "Ghost", OwnerView.class),
                w -> w.type("Thing", b -> b.dataFetcher("createdAt", env -> null)));
        assertThatThrownBy(() -> new GraphQlEngine(List.of(new SystemGraphQl(SYSTEM), slice), GraphQlLimits.defaults()))
                .hasMessageContaining("a view is declared for Ghost, not an object type of the schema");
    }
}
