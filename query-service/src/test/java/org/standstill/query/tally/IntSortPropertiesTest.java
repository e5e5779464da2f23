package org.standstill.query.tally;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IntSortPropertiesTest {

    @Property
    void orderingByKey_isTheSameWhetherPackedOrCompared(@ForAll @Size(max = 300) List<Long> values) {
        long[] keys = values.stream().mapToLong(v -> v % 1000).toArray();
        assertThat(IntSort.byKey(keys, keys.length)).containsExactly(IntSort.byComparison(keys, keys.length));
    }

    @Property
    void keysTooFarApartToPack_areStillOrderedByKeyThenIndex(@ForAll @Size(max = 300) List<Long> values) {
        long[] keys = values.stream().mapToLong(Long::longValue).toArray();
        int[] order = IntSort.byKey(keys, keys.length);
        for (int i = 1; i < order.length; i++) {
            long before = keys[order[i - 1]];
            long after = keys[order[i]];
            assertThat(before < after || (before == after && order[i - 1] < order[i])).isTrue();
        }
    }
}
