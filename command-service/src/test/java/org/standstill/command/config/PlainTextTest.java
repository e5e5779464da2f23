package org.standstill.command.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextTest {

    @Test
    void names_inAnyScript_withEmojiAndCombiningMarks_arePlainText() {
        for (String name : new String[]{"Hmongtown Marketplace", "Café Racer", "مرحبا", "日本語の店", "🏳️‍🌈✊🏽",
                "e\u0301", "'; DROP TABLE x; --", "<b>shop</b>", ""}) {
            assertThat(PlainText.Check.isPlain(name, false)).as(name).isTrue();
        }
    }

    @Test
    void controlCharacters_areNotPlainText_butANotesLineBreaksAndTabsAre() {
        for (String text : new String[]{"Shop\u0000", "bell\u0007", "\u001b[31m", "del\u007f", "c1\u0085", "tab\u000b"}) {
            assertThat(PlainText.Check.isPlain(text, false)).as(text).isFalse();
            assertThat(PlainText.Check.isPlain(text, true)).as(text).isFalse();
        }
        assertThat(PlainText.Check.isPlain("line one\nline two\r\n\tindented", true)).isTrue();
        assertThat(PlainText.Check.isPlain("line one\nline two", false)).isFalse();
    }

    @Test
    void halvesOfSurrogatePairs_areNotPlainText() {
        assertThat(PlainText.Check.isPlain("half\uD800", false)).isFalse();
        assertThat(PlainText.Check.isPlain("\uD800x", false)).isFalse();
        assertThat(PlainText.Check.isPlain("\uDFFFhalf", false)).isFalse();
        assertThat(PlainText.Check.isPlain("\uD83D\uDE00", false)).isTrue();
    }
}
