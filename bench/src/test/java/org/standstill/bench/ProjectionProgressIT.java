package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a view's {@code position} and {@code knownAt} promise (API.md, "position means processed through") when events
 * commit out of index order, and what happens when an event cannot be projected: it halts the projection, loudly,
 * and is never skipped.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionProgressIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    Platform platform;
    StaffClient staff;
    Api query;
    String auditor;

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        staff = new StaffClient(platform);
        query = new Api(platform.queryUrl());
        Api.Answer issued = new Api(platform.commandUrl()).post("/api/tokens", platform.adminToken(),
                Map.of("role", "AUDITOR", "label", "projection progress"));
        auditor = issued.body().path("token").asString();
    }

    @Test
    void eventsCommittedOutOfIndexOrder_areNeverSkippedByACursor_andNoViewClaimsWhatIsNotApplied() throws Exception {
        String day = staff.openDay("out-of-order");
        long first = staff.closure(day, "Karmel Mall", 44.953, -93.2875, "CLOSED").body().path("position").asLong();
        JsonNode before = tallyWhen(day, t -> t.path("position").asLong() >= first);
        long feedCursor = lastPosition(feed(day, 0), "reports");
        long logCursor = lastPosition(events(day, 0), "events");

        long lower;
        long higher;
        JsonNode whileWaiting;
        try (Connection a = connect(); Connection b = connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            lower = insertClosure(a, day, "Lower index, committed last");
            higher = insertClosure(b, day, "Higher index, committed first");
            assertThat(lower).isLessThan(higher);
            b.commit();
            awaitProcessorSaw(higher);

            JsonNode tally = staff.tally(day);
            assertThat(tally.path("position").asLong()).as("processed through, not the highest seen").isLessThan(lower);
            assertThat(tally.path("businesses").path("closed").asLong()).isEqualTo(before.path("businesses").path("closed").asLong());
            assertThat(positions(feed(day, feedCursor), "reports")).as("the feed shows nothing beyond what is processed through").isEmpty();
            assertThat(positions(events(day, logCursor), "events")).as("nor does the event log").isEmpty();
            whileWaiting = view(day, Instant.now());
            assertThat(Instant.parse(whileWaiting.path("knownAt").asString()))
                    .as("the view says it is complete only up to before the waiting events")
                    .isBefore(Instant.parse(eventTime(higher)));
            a.commit();
        }
        tallyWhen(day, t -> t.path("position").asLong() >= higher);

        assertThat(positions(feed(day, feedCursor), "reports")).as("the cursor skips neither").contains(lower, higher);
        assertThat(positions(events(day, logCursor), "events")).contains(lower, higher);
        JsonNode again = view(day, Instant.parse(whileWaiting.path("knownAt").asString()));
        assertThat(again.path("knownAt").asString()).isEqualTo(whileWaiting.path("knownAt").asString());
        assertThat(figures(again)).as("the same question asked again gets the same answer").isEqualTo(figures(whileWaiting));
        assertThat(staff.tally(day).path("businesses").path("closed").asLong())
                .isEqualTo(before.path("businesses").path("closed").asLong() + 2);
    }

    @Test
    void anEventThatCannotBeProjected_haltsTheProjection_untilTheCauseIsMended_andNothingAfterItIsSkipped() throws Exception {
        String day = staff.openDay("halted");
        try (Connection db = connect(); java.sql.Statement sql = db.createStatement()) {
            // The read store refuses one subject's rows: its report cannot be projected until this is undone.
            sql.execute("""
                    CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'refused for the test'; END; $$""");
            sql.execute("""
                    CREATE TRIGGER refuse_poison BEFORE INSERT ON report_version FOR EACH ROW
                    WHEN (NEW.subject_id LIKE '%poison%') EXECUTE FUNCTION refuse_poison()""");
        }
        try {
            long poisoned = staff.closure(day, "Poison Pantry", 44.9766, -93.1077, "CLOSED").body().path("position").asLong();
            long after = staff.closure(day, "Hmongtown Marketplace", 44.9766, -93.1077, "CLOSED").body().path("position").asLong();
            JsonNode halted = awaitHealth(h -> "HALTED".equals(h.path("status").asString()));
            assertThat(halted.path("status").asString()).isEqualTo("HALTED");
            assertThat(query.get("/api/projections", auditor).body().toString()).contains("refused for the test");
            StaffClient.sleep(2000);
            JsonNode stuck = staff.tally(day);
            assertThat(stuck.path("position").asLong()).as("nothing at or after it is applied").isLessThan(poisoned);
            assertThat(stuck.path("businesses").path("closed").asLong()).isZero();

            mend();
            JsonNode mended = tallyWhen(day, t -> t.path("position").asLong() >= after);
            assertThat(mended.path("businesses").path("closed").asLong()).as("both, once each").isEqualTo(2);
            assertThat(awaitHealth(h -> "UP".equals(h.path("status").asString())).path("status").asString()).isEqualTo("UP");
        } finally {
            mend();
        }
    }

    private void mend() throws SQLException {
        try (Connection db = connect(); java.sql.Statement sql = db.createStatement()) {
            sql.execute("DROP TRIGGER IF EXISTS refuse_poison ON report_version");
            sql.execute("DROP FUNCTION IF EXISTS refuse_poison()");
        }
    }

    private long insertClosure(Connection db, String day, String name) throws SQLException {
        UUID report = UUID.randomUUID();
        return insert(db, report.toString(), "org.standstill.api.report.ClosureReported", """
                {"reportId":"%s","dayId":"%s","reporterId":"coordinator","subjectId":"%s:business:%s",
                 "observedAt":"%s","business":{"id":null,"name":"%s","address":null,
                 "location":{"lat":44.97,"lon":-93.27},"sector":"RETAIL"},"status":"CLOSED","reason":null,"note":null}"""
                .formatted(report, day, day, report, Instant.now().minusSeconds(120), name));
    }

    /** Appends one event as the command service's store would hold it; committed with the connection. */
    private static long insert(Connection db, String aggregate, String type, String payload) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                    payload, payloadrevision, payloadtype, timestamp)
                VALUES (?, 0, 'Report', ?, ?, ?, '1', ?, ?) RETURNING globalindex""")) {
            insert.setString(1, aggregate);
            insert.setString(2, UUID.randomUUID().toString());
            // Not chained (this test is not about integrity), but shaped like the service's metadata.
            insert.setBytes(3, ("{\"hash\":\"" + "0".repeat(64) + "\",\"previousHash\":\"\"}").getBytes(StandardCharsets.UTF_8));
            insert.setBytes(4, payload.getBytes(StandardCharsets.UTF_8));
            insert.setString(5, type);
            insert.setString(6, Instant.now().toString());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String eventTime(long position) throws SQLException {
        try (Connection db = connect(); PreparedStatement select = db.prepareStatement(
                "SELECT timestamp FROM domainevententry WHERE globalindex = ?")) {
            select.setLong(1, position);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }

    private void awaitProcessorSaw(long position) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode projections = query.get("/api/projections", auditor).body();
            for (JsonNode processor : projections.path("processors")) {
                if (processor.path("name").asString().equals("tally")) {
                    for (JsonNode segment : processor.path("segments")) {
                        if (segment.path("position").asLong() >= position) {
                            return;
                        }
                    }
                }
            }
            StaffClient.sleep(50);
        }
        throw new AssertionError("the tally's processor never saw position " + position);
    }

    private JsonNode awaitHealth(Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos() * 3;
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            health = query.get("/actuator/health", null).body();
            if (done.test(health)) {
                return health;
            }
            StaffClient.sleep(100);
        }
        throw new AssertionError("health never got there: " + health);
    }

    private JsonNode tallyWhen(String day, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos() * 3;
        JsonNode tally = null;
        while (System.nanoTime() < deadline) {
            tally = staff.tally(day);
            if (done.test(tally)) {
                return tally;
            }
            StaffClient.sleep(50);
        }
        throw new AssertionError("the tally never got there: " + tally);
    }

    private JsonNode view(String day, Instant knownAt) {
        return query.get("/api/days/" + day + "/tally?at=" + knownAt + "&knownAt=" + knownAt, staff.coordinator).body();
    }

    private static String figures(JsonNode tally) {
        return tally.path("businesses").toString() + tally.path("walkouts") + tally.path("crowd") + tally.path("reports");
    }

    private JsonNode feed(String day, long after) {
        return query.get("/api/days/" + day + "/reports?limit=1000&after=" + after, staff.coordinator).body();
    }

    private JsonNode events(String day, long after) {
        return query.get("/api/days/" + day + "/events?limit=1000&after=" + after, auditor).body();
    }

    private static List<Long> positions(JsonNode page, String field) {
        return page.path(field).valueStream().map(n -> n.path("position").asLong()).toList();
    }

    private static long lastPosition(JsonNode page, String field) {
        List<Long> positions = positions(page, field);
        return positions.isEmpty() ? 0 : positions.get(positions.size() - 1);
    }
}
