package io.draftnrun.adapter.out.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JtokkitTokenCounterTest {
    private final JtokkitTokenCounter counter = new JtokkitTokenCounter();

    @Test
    void countsO200kBaseTokensAsGpt4oMiniDoes() {
        assertThat(counter.count("")).isZero();
        assertThat(counter.count("Hello, world!")).isEqualTo(4);
        assertThat(counter.count("hello world")).isEqualTo(2);
    }

    @Test
    void countsSpecialTokenMarkersAsOrdinaryText() {
        assertThat(counter.count("before <|endoftext|> after")).isGreaterThan(3);
    }

    @Test
    void loadsItsEncodingOnlyWhenFirstAskedToCount() {
        JtokkitTokenCounter fresh = new JtokkitTokenCounter();
        assertThat(fresh.loaded())
                .as("a server that never chunks never holds the ~35 MB encoding")
                .isFalse();
        assertThat(fresh.count("")).isZero();
        assertThat(fresh.loaded()).isFalse();
        assertThat(fresh.count("hello world")).isEqualTo(2);
        assertThat(fresh.loaded()).isTrue();
    }
}
