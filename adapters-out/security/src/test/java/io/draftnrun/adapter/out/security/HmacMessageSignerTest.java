package io.draftnrun.adapter.out.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacMessageSignerTest {

    @Test
    void signsWithHmacSha256UnderAKeyDerivedForThePurpose() throws Exception {
        byte[] derived = hmac("server-secret".getBytes(StandardCharsets.UTF_8), "links v1");
        assertThat(new HmacMessageSigner("server-secret", "links v1").sign("message \u00e9"))
                .isEqualTo(hmac(derived, "message \u00e9"));
    }

    @Test
    void anotherPurposeOrSecretGivesAnotherSignatureAndTheSameGivesTheSame() {
        byte[] signature = new HmacMessageSigner("server-secret", "links v1").sign("m");
        assertThat(new HmacMessageSigner("server-secret", "links v1").sign("m")).isEqualTo(signature);
        assertThat(new HmacMessageSigner("server-secret", "tokens v1").sign("m"))
                .isNotEqualTo(signature);
        assertThat(new HmacMessageSigner("other-secret", "links v1").sign("m")).isNotEqualTo(signature);
    }

    @Test
    void aBlankSecretIsRefused() {
        assertThatThrownBy(() -> new HmacMessageSigner(" ", "links v1")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] hmac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
