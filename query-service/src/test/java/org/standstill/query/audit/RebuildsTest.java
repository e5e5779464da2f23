package org.standstill.query.audit;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored event's timestamp, read as Axon reads it, whatever its shape. */
class RebuildsTest {

    @Test
    void aStoredTimestamp_isReadAsAxonReadsIt() {
        for (String text : List.of("2026-01-23T15:00:00.123Z", "2026-12-31T23:59:59.999Z", "2024-02-29T00:00:00.000Z",
                "1970-01-01T00:00:00.000Z", "1969-07-20T20:17:40.001Z", "2026-01-23T15:00:00Z",
                "2026-01-23T15:00:00.123456Z", "2026-01-23T15:00:00.1Z")) {
            assertThat(Rebuilds.instant(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text));
        }
        assertThat(Rebuilds.instant("2026-01-23T15:00:00.123Z")).isEqualTo(Instant.parse("2026-01-23T15:00:00.123Z"));
    }
}
