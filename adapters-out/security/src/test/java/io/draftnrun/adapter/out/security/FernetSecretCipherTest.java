package io.draftnrun.adapter.out.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import org.junit.jupiter.api.Test;

class FernetSecretCipherTest {
    @Test
    void decryptsTheFernetSpecificationVectorMadeByPythonCryptography() {
        var cipher = new FernetSecretCipher("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=");
        assertThat(cipher.decrypt(
                        "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64"
                                + "jVmpU4IwqDA=="))
                .isEqualTo("hello");
    }

    @Test
    void decryptsAUnicodeTokenMadeByPythonCryptography() {
        // python: Fernet(k).encrypt("sk-proj-é€ secret".encode())
        var cipher = new FernetSecretCipher("PD0iY3ZZFQ01Dx5uurZVrTdOSfvgOuhaHs5lUX2fkJk=");
        assertThat(cipher.decrypt(
                        "gAAAAABrCPaSpjwRTV_uaKiTDgomffawXAFLnBYaDig67YCnfsd5XIpF5I9V_h24Yrm7VCTMgYcDsPSDSzJL0oXD"
                                + "74D4ogC-gFh6i71Hb7lj3JaZoCmQjQ8="))
                .isEqualTo("sk-proj-é€ secret");
    }

    @Test
    void aValueEncryptedUnderAnOldKeyStillDecryptsAfterRotation() {
        String oldKey = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
        String newKey = "PD0iY3ZZFQ01Dx5uurZVrTdOSfvgOuhaHs5lUX2fkJk=";
        String token = new FernetSecretCipher(oldKey).encrypt("sk-old");
        assertThat(token).doesNotContain("sk-old").startsWith("gAAAAA");

        var rotated = new FernetSecretCipher(newKey + "," + oldKey);
        assertThat(rotated.decrypt(token)).isEqualTo("sk-old");
        String fresh = rotated.encrypt("sk-new");
        assertThat(new FernetSecretCipher(newKey).decrypt(fresh)).isEqualTo("sk-new");
        assertThatThrownBy(() -> new FernetSecretCipher(oldKey).decrypt(fresh))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
    }

    @Test
    void aMalformedKeyIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new FernetSecretCipher("not-a-key-secret-value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not-a-key-secret-value");
    }
}
