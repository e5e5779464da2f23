package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed and the map, over REST and live over STOMP, follow reports through their life. */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFeedAndMapIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    Platform platform;
    Api command;
    Api query;
    String coordinator;

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        coordinator = command.post("/api/tokens", platform.adminToken(), Map.of("role", "COORDINATOR", "label", "desk"))
                .body().path("token").asString();
    }

    @Test
    void aVerdict_reachesTheFeed_andARallysHeadcount_reachesTheMap() throws Exception {
        String day = openDay();
        try (LiveTally feed = new LiveTally(platform.queryUrl(), coordinator, day, "feed");
             LiveTally map = new LiveTally(platform.queryUrl(), coordinator, day, "map")) {
            String reportId = UUID.randomUUID().toString();
            Api.Answer submitted = command.post("/api/days/" + day + "/reports", coordinator, Map.of(
                    "reportId", reportId, "kind", "HEADCOUNT", "observedAt", Instant.now().minusSeconds(600).toString(),
                    "rally", Map.of("name", "Target Center rally", "location", Map.of("lat", 44.9795, "lon", -93.2761)),
                    "headcount", 50_000, "method", "DENSITY_ESTIMATE"));
            assertThat(submitted.status()).isEqualTo(201);
            String subjectId = submitted.body().path("subjectId").asString();

            JsonNode feature = map.await(m -> m.path("features").valueStream()
                    .anyMatch(f -> f.path("properties").path("subjectId").asString().equals(subjectId)), WAIT);
            assertThat(feature).as("a map change with the rally").isNotNull();
            JsonNode rally = feature.path("features").get(0).path("properties");
            assertThat(rally.path("estimate").asLong()).isEqualTo(50_000);
            assertThat(rally.path("kind").asString()).isEqualTo("HEADCOUNT");

            Api.Answer verdict = command.post("/api/days/" + day + "/reports/" + reportId + "/verdict", coordinator,
                    Map.of("verdict", "DISPUTED", "note", "aerial photo shows fewer"));
            assertThat(verdict.status()).isEqualTo(200);
            JsonNode disputed = feed.await(r -> r.path("reportId").asString().equals(reportId)
                    && r.path("verdict").asString().equals("DISPUTED"), WAIT);
            assertThat(disputed).as("the disputed report in the feed").isNotNull();
            assertThat(disputed.path("position").asLong()).isEqualTo(verdict.body().path("position").asLong());

            JsonNode page = query.get("/api/days/" + day + "/reports?after=0&limit=10", coordinator).body();
            assertThat(page.path("reports").get(0).path("verdict").asString()).isEqualTo("DISPUTED");
            JsonNode restMap = query.get("/api/days/" + day + "/map", coordinator).body();
            assertThat(restMap.path("features").get(0).path("properties").path("estimate").asLong())
                    .as("a disputed headcount no longer counts").isZero();
        }
    }

    @Test
    void theFeedAndTheTimeline_refuseBadParameters_namingThem() {
        String day = openDay();
        assertThat(query.get("/api/days/" + day + "/reports?limit=5000", coordinator).badFields()).containsExactly("limit");
        // Buckets go down to one second (DaySoFarBrowserIT tests the bound on points); less than a second is refused.
        assertThat(query.get("/api/days/" + day + "/timeline?bucket=PT0.5S", coordinator).badFields()).containsExactly("bucket");
        assertThat(query.get("/api/days/" + day + "/tally?mode=SOME", coordinator).badFields()).containsExactly("mode");
        assertThat(query.get("/api/days/" + day + "/tally?at=yesterday", coordinator).badFields()).containsExactly("at");
        assertThat(query.get("/api/days/nope-day/map", coordinator).status()).isEqualTo(404);
    }

    private String openDay() {
        String day = "live-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        assertThat(command.post("/api/days", coordinator, Map.of("id", day, "name", "Day", "city", "Minneapolis",
                "timeZone", "America/Chicago", "startsAt", now.minus(6, ChronoUnit.HOURS).toString(),
                "endsAt", now.plus(6, ChronoUnit.HOURS).toString())).status()).isEqualTo(201);
        assertThat(command.post("/api/days/" + day + "/opening", coordinator, "").status()).isEqualTo(200);
        return day;
    }
}
