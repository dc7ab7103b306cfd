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

    @Test
    void countsUpToALimitExactlyAndPastItOnlyThatItIsPast() {
        String text = "The glacier revenue report, page 12: turbines and harbour ledgers. ".repeat(40)
                + "Emoji \uD83D\uDE00 and an unpaired \uD800 surrogate.";
        int all = counter.count(text);
        assertThat(all).isGreaterThan(100);
        for (int limit : new int[] {1, 10, 99, all - 1, all, all + 1, 10 * all}) {
            int counted = counter.countUpTo(text, limit);
            if (all <= limit) {
                assertThat(counted).as("limit %d", limit).isEqualTo(all);
            } else {
                assertThat(counted).as("limit %d", limit).isGreaterThan(limit);
            }
        }
        String plain = "hello world ".repeat(50);
        assertThat(counter.countUpTo(plain, 10)).isGreaterThan(10);
        assertThat(counter.countUpTo(plain, 1000)).isEqualTo(counter.count(plain));
        assertThat(counter.countUpTo("", 5)).isZero();
    }
}
