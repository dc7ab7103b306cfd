package io.draftnrun.domain.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.shared.DomainException;
import org.junit.jupiter.api.Test;

class ToolSpecTest {

    @Test
    void acceptsOneToSixtyFourLettersDigitsUnderscoresAndDashes() {
        assertThat(new ToolSpec("a", "", null).name()).isEqualTo("a");
        assertThat(new ToolSpec("Search_web-2", "", null).name()).isEqualTo("Search_web-2");
        String longest = "x".repeat(64);
        assertThat(new ToolSpec(longest, "", null).name()).isEqualTo(longest);
        assertThat(new ToolSpec("AZaz09_-", "", null).name()).isEqualTo("AZaz09_-");
    }

    @Test
    void refusesEmptyTooLongAndOtherCharacters() {
        for (String name :
                new String[] {"", "x".repeat(65), "a b", "a.b", "é", "a/b", "a:b", "a\nb", "@", "[", "`", "{"}) {
            assertThatThrownBy(() -> new ToolSpec(name, "", null)).as(name).isInstanceOf(DomainException.class);
        }
        assertThatThrownBy(() -> new ToolSpec(null, "", null)).isInstanceOf(DomainException.class);
    }
}
