package org.standstill.query.audit;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a paused live processor of two segments has applied, as the rebuild's catch-up replays it. */
class LiveCutTest {

    @Test
    void anEvent_isApplied_whenItsAggregatesSegmentIsAtOrPastIt_andDoesNotWaitForIt() {
        String inFirst = aggregateIn(0);
        String inSecond = aggregateIn(1);
        Map<Integer, TrackingToken> tokens = Map.of(
                0, GapAwareTrackingToken.newInstance(10, List.of(7L)),
                1, GapAwareTrackingToken.newInstance(5, List.of()));

        Rebuilds.LiveCut cut = new Rebuilds.LiveCut(tokens);

        assertThat(cut.upTo()).isEqualTo(10);
        assertThat(cut.applied(6, inFirst)).isTrue();
        assertThat(cut.applied(7, inFirst)).as("a gap of its segment").isFalse();
        assertThat(cut.applied(10, inFirst)).isTrue();
        assertThat(cut.applied(11, inFirst)).isFalse();
        assertThat(cut.applied(5, inSecond)).isTrue();
        assertThat(cut.applied(6, inSecond)).as("beyond its segment's token").isFalse();
        assertThat(cut.applied(7, inSecond)).as("another segment's gap is not this one's").isFalse();
    }

    @Test
    void aSegmentWithoutAToken_hasAppliedNothing() {
        Map<Integer, TrackingToken> tokens = new HashMap<>();
        tokens.put(0, GapAwareTrackingToken.newInstance(4, List.of()));
        tokens.put(1, null);

        Rebuilds.LiveCut cut = new Rebuilds.LiveCut(tokens);

        assertThat(cut.applied(1, aggregateIn(1))).isFalse();
        assertThat(cut.applied(1, aggregateIn(0))).isTrue();
    }

    /** A report's id that the processor's per-aggregate split puts in {@code segment} of two. */
    private static String aggregateIn(int segment) {
        Segment target = Segment.computeSegment(segment, 0, 1);
        while (true) {
            String id = UUID.randomUUID().toString();
            if (target.matches(id)) {
                return id;
            }
        }
    }
}
