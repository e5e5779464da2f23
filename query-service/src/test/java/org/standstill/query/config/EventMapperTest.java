package org.standstill.query.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.standstill.api.audit.CheckpointRecorded;
import org.standstill.api.audit.Head;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventMapperTest {

    private final ObjectMapper events = new AxonConfig().defaultAxonObjectMapper();

    @Test
    void aCheckpointIsReadWithoutItsHeads_andWithEverythingElse() throws Exception {
        List<Head> heads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            heads.add(new Head("report-" + i, i, "%064x".formatted(i)));
        }
        byte[] stored = new ObjectMapper().findAndRegisterModules()
                .writeValueAsBytes(new CheckpointRecorded("mpls-2026-01-23", 12_345, heads, "digest"));

        CheckpointRecorded read = events.readValue(stored, CheckpointRecorded.class);

        assertThat(read.dayId()).isEqualTo("mpls-2026-01-23");
        assertThat(read.upToPosition()).isEqualTo(12_345);
        assertThat(read.digest()).isEqualTo("digest");
        assertThat(read.heads()).isNull();
    }
}
