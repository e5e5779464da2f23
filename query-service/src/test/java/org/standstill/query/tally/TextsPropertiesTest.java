package org.standstill.query.tally;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextsPropertiesTest {

    @Property
    void everyStringAdded_readsBackTheSame_prefixedOrNot(@ForAll @Size(max = 200) List<String> suffixes,
                                                          @ForAll boolean prefixed) {
        Texts texts = new Texts("day-1:");
        List<String> added = new ArrayList<>();
        List<Integer> handles = new ArrayList<>();
        for (String suffix : suffixes) {
            String text = prefixed ? "day-1:" + suffix : suffix;
            added.add(text);
            handles.add(texts.add(text));
        }
        for (int i = 0; i < added.size(); i++) {
            assertThat(texts.get(handles.get(i))).isEqualTo(added.get(i));
        }
    }

    @Property
    void aStringEqualsTheOneAdded_andNoOther(@ForAll @StringLength(max = 40) String a,
                                            @ForAll @StringLength(max = 40) String b) {
        Texts texts = new Texts("day-1:");
        int handle = texts.add(a);
        assertThat(texts.equals(handle, texts.key(a))).isTrue();
        assertThat(texts.equals(handle, texts.key(b))).isEqualTo(a.equals(b));
        // Whether the prefix was stripped is part of the comparison: "day-1:x" is not "x".
        assertThat(texts.equals(handle, texts.key("day-1:" + a))).isFalse();
    }

    @Test
    void manyAndLongStrings_spanChunks_andStillReadBack() {
        Texts texts = new Texts("day-1:");
        List<Integer> handles = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            handles.add(texts.add("day-1:business:shop-" + i + "-é"));
        }
        String huge = "x".repeat(Texts.CHUNK + 10);
        int hugeHandle = texts.add(huge);
        int after = texts.add("after");
        for (int i = 0; i < handles.size(); i++) {
            assertThat(texts.get(handles.get(i))).isEqualTo("day-1:business:shop-" + i + "-é");
        }
        assertThat(texts.get(hugeHandle)).isEqualTo(huge);
        assertThat(texts.get(after)).isEqualTo("after");
    }
}
