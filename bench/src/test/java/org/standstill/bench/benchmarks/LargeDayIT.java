package org.standstill.bench.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.standstill.bench.Api;
import org.standstill.bench.Platform;
import org.standstill.bench.PlatformExtension;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The large day of the read-side benchmarks, written straight into the event store, on the tests' platform: the writer
 * is checked against the command service's own rows (it refuses to write when a payload's fields differ, as they did
 * once a field was added to the report events), and what it writes projects and passes the integrity check as the
 * command service's own events do.
 */
@ExtendWith(PlatformExtension.class)
class LargeDayIT {

    static final int EVENTS = 3_000;

    @Test
    void theLargeDaysEvents_areWrittenAsTheCommandServiceWritesThem_projectAndPassTheIntegrityCheck(Platform platform)
            throws Exception {
        Rig rig = Rig.on(platform, System.out);
        LargeDay day = new LargeDay(Instant.now().truncatedTo(ChronoUnit.SECONDS), EVENTS);

        long last = LargeDay.write(rig, day, LargeDay.templates(rig, day), 7);

        assertThat((List<?>) day.made.get("formatChecks")).as("the checks the writer passed").hasSize(4);
        assertThat(rig.awaitProjected(LargeDay.DAY, last, Duration.ofMinutes(2)))
                .as("the written day reaches the live tally").isNotNull();
        Api.Answer issued = rig.command.post("/api/tokens", platform.adminToken(),
                Map.of("role", "AUDITOR", "label", "large day"));
        Api.Answer integrity = rig.query.get("/api/days/" + LargeDay.DAY + "/integrity",
                issued.body().path("token").asString());
        assertThat(integrity.status()).as(integrity.raw()).isEqualTo(200);
        JsonNode report = integrity.body();
        assertThat(report.path("ok").asBoolean()).as(report.path("broken").toString()).isTrue();
        assertThat(report.path("events").asLong()).as("the written events and the templates' own")
                .isGreaterThanOrEqualTo(EVENTS);
    }
}
