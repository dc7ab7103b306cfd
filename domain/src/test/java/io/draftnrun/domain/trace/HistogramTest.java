package io.draftnrun.domain.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void freedmanDiaconisMatchesNumpy() {
        // numpy.histogram_bin_edges([1,2,3,4,5,6,7,8,9,10], 'fd') -> 3 bins: 1, 4, 7, 10
        Histogram h = Histogram.freedmanDiaconis(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0));
        assertThat(h.edges()).containsExactly(1.0, 4.0, 7.0, 10.0);
        assertThat(h.counts()).containsExactly(3L, 3L, 4L);
        assertThat(h.centres()).containsExactly(2.5, 5.5, 8.5);
    }

    @Test
    void identicalValuesMakeOneBinAndNoValuesNone() {
        assertThat(Histogram.freedmanDiaconis(List.of(2.0, 2.0)).counts()).containsExactly(2L);
        assertThat(Histogram.freedmanDiaconis(List.of()).counts()).isEmpty();
    }

    @Test
    void fixedBinsKeepValuesAboveTheLastEdge() {
        Histogram h = Histogram.fixed(List.of(0L, 999L, 1000L, 10_000L, 25_000L), 0, 10_000, 1_000);
        assertThat(h.counts()).hasSize(10).startsWith(2L, 1L).endsWith(2L);
        assertThat(h.centres().getFirst()).isEqualTo(500.0);
    }

    @Test
    void changeIsAPercentageOrNotAvailable() {
        assertThat(PeriodChange.percent(3, 2, false)).contains(50.0);
        assertThat(PeriodChange.percent(1, 3, false)).contains(-66.7);
        assertThat(PeriodChange.percent(5, 0, true)).isEmpty();
        assertThat(PeriodChange.format(Optional.of(12.5))).isEqualTo("+12.5%");
        assertThat(PeriodChange.format(Optional.empty())).isEqualTo("N/A");
    }
}
