package io.draftnrun.adapter.out.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BcryptPasswordHasherTest {
    @Test
    void hashesAreSaltedAndVerify() {
        var hasher = new BcryptPasswordHasher(4);
        String a = hasher.hash("correct horse");
        assertThat(a).startsWith("$2").doesNotContain("correct horse");
        assertThat(hasher.hash("correct horse")).isNotEqualTo(a);
        assertThat(hasher.matches("correct horse", a)).isTrue();
        assertThat(hasher.matches("wrong", a)).isFalse();
        assertThat(hasher.matches("x", "plain:x")).isFalse();
    }
}
