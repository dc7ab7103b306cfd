package io.draftnrun.domain.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import org.junit.jupiter.api.Test;

class ModelReferenceTest {

    @Test
    void parsesProviderAndModel() {
        ModelReference ref = ModelReference.parse("openai:gpt-4.1-mini");
        assertThat(ref.provider()).isEqualTo("openai");
        assertThat(ref.model()).isEqualTo("gpt-4.1-mini");
        assertThat(ref).hasToString("openai:gpt-4.1-mini");
    }

    @Test
    void rejectsReferenceWithoutColon() {
        assertThatThrownBy(() -> ModelReference.parse("gpt-4.1"))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("exactly one colon")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.VALIDATION);
    }

    @Test
    void rejectsReferenceWithTwoColons() {
        assertThatThrownBy(() -> ModelReference.parse("ollama:llama3:8b"))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("'ollama:llama3:8b'");
    }

    @Test
    void rejectsEmptyParts() {
        assertThatThrownBy(() -> ModelReference.parse(":gpt")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> ModelReference.parse("openai:")).isInstanceOf(DomainException.class);
    }
}
