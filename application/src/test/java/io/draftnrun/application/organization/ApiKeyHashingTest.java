package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyHashingTest {
    static String sha256Hex(String value) {
        return Hashing.sha256Hex(value);
    }

    @Test
    void hashIsSha256HexOfKeyPlusBackendSecretLikeTheReference() {
        // python3 -c 'import hashlib;print(hashlib.sha256(b"taylor_abcsecret").hexdigest())'
        assertThat(new ApiKeyHashing("secret").hash("taylor_abc"))
                .isEqualTo("f3411e245d5b36ea73188f37a60797be742cf1f6075e5643046a132499cd90c9");
        assertThat(new ApiKeyHashing("secret").newKey()).startsWith("taylor_").hasSize(7 + 32);
    }
}
