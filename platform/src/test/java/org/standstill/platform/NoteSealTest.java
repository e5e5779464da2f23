package org.standstill.platform;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NoteSealTest {

    static final UUID REPORT = UUID.fromString("5f0c0000-0000-4000-8000-000000000001");
    static final UUID OTHER_REPORT = UUID.fromString("5f0c0000-0000-4000-8000-000000000002");

    @Test
    void open_givesTheNoteBack_withTheReportsKey() {
        byte[] key = NoteSeal.newKey();
        String sealed = NoteSeal.seal(key, REPORT, "side door chained — ask Mai");
        assertThat(sealed).doesNotContain("side door");
        assertThat(NoteSeal.open(key, REPORT, sealed)).contains("side door chained — ask Mai");
    }

    @Test
    void seal_readsDifferentlyEachTime_forTheSameNote() {
        byte[] key = NoteSeal.newKey();
        assertThat(NoteSeal.seal(key, REPORT, "same")).isNotEqualTo(NoteSeal.seal(key, REPORT, "same"));
    }

    @Test
    void open_givesNothing_withAnotherKey() {
        String sealed = NoteSeal.seal(NoteSeal.newKey(), REPORT, "side door chained");
        assertThat(NoteSeal.open(NoteSeal.newKey(), REPORT, sealed)).isEmpty();
    }

    @Test
    void open_givesNothing_forTheNoteOfAnotherReport() {
        byte[] key = NoteSeal.newKey();
        String sealed = NoteSeal.seal(key, OTHER_REPORT, "side door chained");
        assertThat(NoteSeal.open(key, REPORT, sealed)).isEmpty();
    }

    @Test
    void open_givesNothing_whenTheSealedNoteWasAltered() {
        byte[] key = NoteSeal.newKey();
        byte[] bytes = Base64.getDecoder().decode(NoteSeal.seal(key, REPORT, "side door chained"));
        bytes[bytes.length - 1] ^= 1;
        assertThat(NoteSeal.open(key, REPORT, Base64.getEncoder().encodeToString(bytes))).isEmpty();
        assertThat(NoteSeal.open(key, REPORT, "not a sealed note")).isEmpty();
        assertThat(NoteSeal.open(key, REPORT, "")).isEmpty();
    }

    @Test
    void seal_isNonceThenCiphertextAndTag_inBase64() {
        byte[] key = NoteSeal.newKey();
        byte[] nonce = new byte[NoteSeal.NONCE_BYTES];
        String sealed = NoteSeal.seal(key, REPORT, "abc", nonce);
        assertThat(Base64.getDecoder().decode(sealed)).hasSize(NoteSeal.NONCE_BYTES + 3 + 16);
        assertThat(NoteSeal.seal(key, REPORT, "abc", nonce)).isEqualTo(sealed);
    }
}
