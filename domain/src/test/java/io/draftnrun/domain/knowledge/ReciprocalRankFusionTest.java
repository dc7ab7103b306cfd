package io.draftnrun.domain.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {
    @Test
    void anItemHighInBothListsBeatsOneFirstInOnlyOne() {
        List<ReciprocalRankFusion.Fused> fused =
                ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("d", "b", "a")), 60);
        assertThat(fused).extracting(ReciprocalRankFusion.Fused::id).containsExactly("a", "b", "d", "c");
        assertThat(fused.getFirst().score()).isEqualTo(1.0 / 61 + 1.0 / 63);
    }

    @Test
    void anItemOfOneListOnlyKeepsItsRankScore() {
        assertThat(ReciprocalRankFusion.fuse(List.of(List.of("x"), List.of()), 60))
                .containsExactly(new ReciprocalRankFusion.Fused("x", 1.0 / 61));
    }

    @Test
    void modesParseInAnyCaseAndRefuseOthers() {
        assertThat(RetrievalMode.parse(" Keyword ")).isEqualTo(RetrievalMode.KEYWORD);
        assertThat(RetrievalMode.parse("")).isEqualTo(RetrievalMode.DEFAULT);
        assertThatThrownBy(() -> RetrievalMode.parse("fuzzy")).hasMessageContaining("semantic, keyword or hybrid");
        assertThatThrownBy(() -> ReciprocalRankFusion.fuse(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
