package io.draftnrun.application.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuiltInComponentsTest {
    @Test
    void theCatalogHasEveryComponentWithItsSeedIdAndValidSlots() {
        ComponentRegistry registry =
                BuiltInComponents.registry(TestComponentServices.of(new ScriptedChatModelProvider()));
        List<ComponentDefinition> definitions = BuiltInComponents.definitions();
        assertThat(registry.definitions()).containsExactlyElementsOf(definitions);

        assertThat(definitions)
                .extracting(d -> d.id().toString())
                .contains(
                        "22292e7f-a3ba-4c63-a4c7-dd5c0c75cdaa",
                        "fe26eac8-61c6-4158-a571-61fd680676c8",
                        "c0f1a2b3-4d5e-6f7a-8b9c-0d1e2f3a4b5c",
                        "f7ddbfcb-6843-4ae9-a15b-40aa565b955b",
                        "667420c1-e2ca-446f-8e54-e0edd7e660bf",
                        "674b8c1d-0cc6-4887-be92-e3a2906830ed",
                        "d6020df0-a7e0-4d82-b731-0a653beef2e6",
                        "8baf68a9-1671-4ed5-8374-6ec218f5d9a6",
                        "6f790dd1-06f6-4489-a655-1a618763a114",
                        "dfdc8b87-610f-4ce0-8cf1-276e80bec32b",
                        "079512c6-28e2-455f-af2c-f196015534bd",
                        "323cfc43-76d9-4ae1-b950-2791faf798c2",
                        "4014e6bd-9d2d-4142-8bdc-6dd7d9068011");
        Set<ComponentId> ids = definitions.stream().map(ComponentDefinition::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(definitions.size());
        for (ComponentDefinition d : definitions) {
            for (ParameterDefinition slot : d.slots()) {
                assertThat(ids).as(d.name() + "." + slot.name()).containsAll(slot.allowedChildren());
            }
            if (d.functionCallable()) {
                assertThat(d.defaultToolDescription()).as(d.name()).isPresent();
            }
        }
        assertThat(registry.catalog()).isNotNull();
        assertThat(registry.find("AI Agent").orElseThrow().definition().toolParameterName())
                .contains("agent_tools");
    }

    @Test
    void aMissingServiceFailsWhenTheComponentsAreWiredNamingIt() {
        BuiltInComponents.Services all = TestComponentServices.of(new ScriptedChatModelProvider());

        assertThatThrownBy(() -> new BuiltInComponents.Services(
                        all.llm(),
                        all.models(),
                        all.retrieval(),
                        all.reranker(),
                        null,
                        all.http(),
                        all.mcp(),
                        all.webSearch()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("sql");
    }
}
