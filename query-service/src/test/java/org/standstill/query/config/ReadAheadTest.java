package org.standstill.query.config;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A processor's private stream read ahead: the same events, in order, ending and failing where the source does. */
class ReadAheadTest {

    private static TrackedEventMessage<?> event(int index) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                GenericEventMessage.asEventMessage("event " + index));
    }

    private static Stream<TrackedEventMessage<?>> events(int count) {
        return IntStream.range(0, count).mapToObj(ReadAheadTest::event);
    }

    @Test
    void aStreamLongerThanTheQueue_comesThroughWhole_inOrder_withItsTokens() {
        int count = ReadAhead.CAPACITY * 5 + 7;

        List<TrackedEventMessage<?>> read = ReadAhead.of(events(count)).toList();

        assertThat(read).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(read.get(i).getPayload()).isEqualTo("event " + i);
            assertThat(read.get(i).trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(i));
        }
    }

    @Test
    void anEmptyStream_endsAtOnce_andStaysEnded() {
        var iterator = ReadAhead.of(Stream.empty()).iterator();

        assertThat(iterator.hasNext()).isFalse();
        assertThat(iterator.hasNext()).isFalse();
    }

    @Test
    void theEventsAreReadOnTheReadersThread_notTheProcessors() {
        Set<String> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Stream<TrackedEventMessage<?>> source = events(10).peek(e -> readers.add(Thread.currentThread().getName()));

        ReadAhead.of(source).toList();

        assertThat(readers).containsExactly("event-read-ahead");
    }

    @Test
    void aFailureOfTheSource_reachesTheProcessor_afterTheEventsBeforeIt() {
        Stream<TrackedEventMessage<?>> source = IntStream.range(0, 4).mapToObj(i -> {
            if (i == 3) {
                throw new IllegalStateException("the store is down");
            }
            return event(i);
        });
        var iterator = ReadAhead.of(source).iterator();

        for (int i = 0; i < 3; i++) {
            assertThat(iterator.next().trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(i));
        }
        assertThatThrownBy(iterator::hasNext).isInstanceOf(IllegalStateException.class)
                .hasMessage("the store is down");
    }

    @Test
    void closing_stopsTheReader_andClosesTheSource() throws InterruptedException {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicInteger read = new AtomicInteger();
        Stream<TrackedEventMessage<?>> endless = Stream.iterate(0, i -> i + 1).<TrackedEventMessage<?>>map(i -> {
            read.incrementAndGet();
            return event(i);
        }).onClose(() -> closed.set(true));
        Stream<TrackedEventMessage<?>> ahead = ReadAhead.of(endless);
        var iterator = ahead.iterator();
        iterator.next();

        ahead.close();

        assertThat(closed).isTrue();
        int after = read.get();
        Thread.sleep(50);
        assertThat(read.get()).as("nothing read after closing").isEqualTo(after);
        assertThat(after).as("read ahead at most a queue and the one waiting").isLessThanOrEqualTo(ReadAhead.CAPACITY + 2);
    }
}
