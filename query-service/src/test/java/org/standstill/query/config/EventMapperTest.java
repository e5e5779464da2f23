package org.standstill.query.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.standstill.api.audit.CheckpointRecorded;
import org.standstill.api.audit.Head;
import org.standstill.api.report.ClosureReported;
import org.standstill.api.report.HeadcountCorrected;

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

    @Test
    void aReportStoredBeforeNotesWereSealed_isReadWithItsPlaintextNote_andNoSealedNote() throws Exception {
        String stored = """
                {"reportId":"5f0c0000-0000-4000-8000-000000000001","dayId":"mpls-2026-01-23","reporterId":"r-1",
                 "subjectId":"business:s-1","observedAt":"2026-01-23T15:10:00Z",
                 "business":{"id":null,"name":"Corner Shop","address":null,"location":{"lat":44.95,"lon":-93.26},
                             "sector":"RETAIL"},
                 "status":"CLOSED","reason":null,"note":"shutters down"}""";

        ClosureReported read = events.readValue(stored, ClosureReported.class);

        assertThat(read.note()).isEqualTo("shutters down");
        assertThat(read.sealedNote()).isNull();
        assertThat(read.business().name()).isEqualTo("Corner Shop");
    }

    @Test
    void aReportWithASealedNote_isReadWithIt() throws Exception {
        String stored = """
                {"reportId":"5f0c0000-0000-4000-8000-000000000001","dayId":"mpls-2026-01-23","correctionId":null,
                 "correctedBy":"r-1","observedAt":"2026-01-23T15:10:00Z","headcount":500,"method":"COUNTED",
                 "note":null,"sealedNote":"c2VhbGVk"}""";

        HeadcountCorrected read = events.readValue(stored, HeadcountCorrected.class);

        assertThat(read.note()).isNull();
        assertThat(read.sealedNote()).isEqualTo("c2VhbGVk");
        assertThat(read.headcount()).isEqualTo(500);
    }
}
