package io.draftnrun.domain.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentDefinitionBuilderTest {
    private static final ComponentId ID = ComponentId.of("1ab1ab1a-0000-4000-8000-000000000002");

    @Test
    void namedFlagsLandInTheirComponentsAndTheRestDefaults() {
        ToolDescription tool = new ToolDescription("t", "a tool", Map.of(), List.of());
        ComponentDefinition built = ComponentDefinition.builder()
                .id(ID)
                .name("Flagged")
                .functionCallable(true)
                .protectedFromRemoval(true)
                .releaseStage(ReleaseStage.BETA)
                .defaultToolDescription(tool)
                .build();

        assertThat(built)
                .isEqualTo(new ComponentDefinition(
                        ID, "Flagged", "", false, true, false, true, ReleaseStage.BETA, List.of(), Optional.of(tool)));
        assertThat(ComponentDefinition.builder()
                        .id(ID)
                        .name("Agent")
                        .description("d")
                        .agent(true)
                        .canUseFunctionCalling(true)
                        .releaseStage(ReleaseStage.PUBLIC)
                        .build())
                .isEqualTo(new ComponentDefinition(
                        ID, "Agent", "d", true, false, true, false, ReleaseStage.PUBLIC, List.of(), Optional.empty()));
    }

    @Test
    void buildNeedsAnIdANameAndAReleaseStage() {
        assertThatThrownBy(() -> ComponentDefinition.builder()
                        .name("n")
                        .releaseStage(ReleaseStage.PUBLIC)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> ComponentDefinition.builder()
                        .id(ID)
                        .releaseStage(ReleaseStage.PUBLIC)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> ComponentDefinition.builder().id(ID).name("n").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("release stage");
        assertThatThrownBy(() -> ComponentDefinition.builder()
                        .id(ID)
                        .name(" ")
                        .releaseStage(ReleaseStage.PUBLIC)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
