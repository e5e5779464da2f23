package org.standstill.command.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.standstill.api.audit.ChainHash;
import org.standstill.api.audit.CheckpointRecorded;
import org.standstill.api.audit.Head;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrityCheckpointTest {

    static final String DAY = "mpls-2026-01-23";
    static final Instant AT = Instant.parse("2026-01-23T15:11:00Z");
    static final List<Head> HEADS = List.of(
            new Head("5f0c7d4e-0b7a-4d53-9a52-8f7c1b2e3a10", 2, "a".repeat(64)),
            new Head("9b1d2c3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e", 0, "b".repeat(64)));

    @Nested
    class Next {
        @Test
        void next_startsTheDaysStreamAtSequenceZero_whenTheDayHasNoCheckpointYet() {
            DomainEventMessage<CheckpointRecorded> first = IntegrityCheckpoint.next(DAY, null, 120, HEADS, AT);

            assertThat(first.getAggregateIdentifier()).isEqualTo("checkpoint:" + DAY);
            assertThat(first.getSequenceNumber()).isZero();
            assertThat(first.getType()).isEqualTo("IntegrityCheckpoint");
            assertThat(first.getTimestamp()).isEqualTo(AT);
        }

        @Test
        void next_followsTheLastSequenceOfTheDaysStream() {
            assertThat(IntegrityCheckpoint.next(DAY, 41L, 120, HEADS, AT).getSequenceNumber()).isEqualTo(42);
        }

        @Test
        void next_recordsTheHeadsInTheirOrder_withTheirDigest() {
            assertThat(IntegrityCheckpoint.next(DAY, 3L, 120, HEADS, AT).getPayload())
                    .isEqualTo(new CheckpointRecorded(DAY, 120, HEADS, ChainHash.digest(HEADS)));
        }

        @Test
        void next_fails_whenThereIsNoHead() {
            assertThatThrownBy(() -> IntegrityCheckpoint.next(DAY, 3L, 120, List.of(), AT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
