package io.draftnrun.application.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.component.ToolDescription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSpecsTest {

    @Test
    void replacesWhatAModelRefusesInANameAndCutsItAtSixtyFour() {
        assertThat(ToolSpecs.of(ToolDescription.empty("Search the web!")).name())
                .isEqualTo("Search_the_web_");
        assertThat(ToolSpecs.of(ToolDescription.empty("café.v2/α")).name()).isEqualTo("caf__v2__");
        assertThat(ToolSpecs.of(ToolDescription.empty("n".repeat(70))).name()).isEqualTo("n".repeat(64));
        assertThat(ToolSpecs.of(ToolDescription.empty("ok_name-1")).name()).isEqualTo("ok_name-1");
    }

    @Test
    void offersAnObjectSchemaOfTheProperties() {
        ToolDescription description =
                new ToolDescription("lookup", "Looks up", Map.of("q", Map.of("type", "string")), List.of("q"));
        assertThat(ToolSpecs.of(description).parametersJsonSchema())
                .containsEntry("type", "object")
                .containsEntry("properties", Map.of("q", Map.of("type", "string")))
                .containsEntry("required", List.of("q"));
    }
}
