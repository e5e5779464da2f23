package org.standstill.command.limit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BodySizeFilterTest {

    @Test
    void aBodyOfUtf8Text_inAnyScript_isUtf8() {
        assertThat(BodySizeFilter.isUtf8("{\"name\":\"Café 日本語 🏳️‍🌈\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(BodySizeFilter.isUtf8(new byte[0])).isTrue();
    }

    @Test
    void overlongForms_encodedSurrogates_andStrayBytes_areNotUtf8() {
        for (byte[] broken : new byte[][]{{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80}}) {
            byte[] body = new byte[broken.length + 2];
            body[0] = '"';
            System.arraycopy(broken, 0, body, 1, broken.length);
            body[body.length - 1] = '"';
            assertThat(BodySizeFilter.isUtf8(body)).isFalse();
        }
    }
}
