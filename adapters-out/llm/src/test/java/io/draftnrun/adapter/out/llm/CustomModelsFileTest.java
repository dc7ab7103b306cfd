package io.draftnrun.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomModelsFileTest {
    @TempDir
    Path dir;

    static final String VALID = """
            {"custom_models": {
              "acme": [
                {"display_name": "Acme 70B", "model_name": "acme-70b", "description": "big",
                 "model_capacity": ["completion", "function_calling", "image"],
                 "base_url": "http://127.0.0.1:1/v1", "api_key": "acme-secret"},
                {"display_name": "Acme embed", "model_name": "acme-embed", "model_capacity": ["embedding"],
                 "embedding_size": 768, "base_url": "http://127.0.0.1:1/v1"}
              ]}}""";

    @Test
    void missingFileDeclaresNothing() {
        CustomModelsFile file = CustomModelsFile.load(dir.resolve("custom_models.json"));
        assertThat(file.entries()).isEmpty();
        assertThat(new FileModelCatalog(file).models()).containsExactlyElementsOf(BuiltInModels.models());
    }

    @Test
    void declaredModelsJoinTheCatalogWithCapabilitiesAndEndpoints() throws Exception {
        Path path = Files.writeString(dir.resolve("custom_models.json"), VALID);
        FileModelCatalog catalog = new FileModelCatalog(CustomModelsFile.load(path));

        var chat = catalog.find(ModelReference.parse("acme:acme-70b")).orElseThrow();
        assertThat(chat.displayName()).isEqualTo("Acme 70B");
        assertThat(chat.capabilities())
                .containsExactlyInAnyOrder(
                        ModelCapability.COMPLETION, ModelCapability.FUNCTION_CALLING, ModelCapability.VISION);
        assertThat(catalog.withCapability(ModelCapability.EMBEDDING))
                .extracting(m -> m.reference().toString())
                .contains("acme:acme-embed", "local:all-minilm-l6-v2");
        assertThat(catalog.find(ModelReference.parse("acme:acme-embed"))
                        .orElseThrow()
                        .embeddingSize())
                .hasValue(768);
        assertThat(catalog.isCustomProvider("acme")).isTrue();
        assertThat(catalog.customEndpoint(ModelReference.parse("acme:acme-70b"))
                        .orElseThrow()
                        .apiKey())
                .contains("acme-secret");
        assertThat(catalog.customEndpoint(ModelReference.parse("acme:acme-embed"))
                        .orElseThrow()
                        .apiKey())
                .isEmpty();
    }

    @Test
    void malformedJsonIsOneLineNamingTheFileAndPosition() throws Exception {
        Path path = Files.writeString(dir.resolve("custom_models.json"), "{\"custom_models\": {\"acme\": [ }");
        assertThatThrownBy(() -> CustomModelsFile.load(path))
                .isInstanceOf(DomainException.class)
                .hasMessageStartingWith("invalid " + path + ": not valid JSON at line 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
    }

    @Test
    void missingBaseUrlAndEmbeddingSizeAreNamed() throws Exception {
        Path path = Files.writeString(
                dir.resolve("custom_models.json"), "{\"custom_models\": {\"acme\": [{\"model_name\": \"m\"}]}}");
        assertThatThrownBy(() -> CustomModelsFile.load(path))
                .hasMessageContaining("custom_models.acme[0].base_url is required");
        Files.writeString(
                path,
                "{\"custom_models\": {\"acme\": [{\"model_name\": \"e\", \"model_capacity\": [\"embedding\"],"
                        + " \"base_url\": \"http://x/v1\"}]}}");
        assertThatThrownBy(() -> CustomModelsFile.load(path)).hasMessageContaining("needs \"embedding_size\"");
    }

    @Test
    void builtInProviderNamesCannotBeRedeclared() throws Exception {
        Path path = Files.writeString(
                dir.resolve("custom_models.json"),
                "{\"custom_models\": {\"openai\": [{\"model_name\": \"m\", \"base_url\": \"http://x/v1\"}]}}");
        assertThatThrownBy(() -> CustomModelsFile.load(path)).hasMessageContaining("provider 'openai' is built in");
    }

    @Test
    void entryNeverPrintsItsKey() throws Exception {
        Path path = Files.writeString(dir.resolve("custom_models.json"), VALID);
        assertThat(CustomModelsFile.load(path).entries().toString()).doesNotContain("acme-secret");
    }
}
