package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After-action audit end to end: the exported log is the stored log; a rebuild from the log gives the
 * live tables back, digest for digest; an edited or a deleted event is reported by the integrity check.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIT {

    /** Integrity checkpoints join a day's log in the background, about a minute after its activity. */
    static final String NOT_CHECKPOINT = "aggregateidentifier NOT LIKE 'checkpoint:%'";

    Platform platform;
    Api command;
    Api query;
    String coordinator;
    String auditor;

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        command = new Api(platform.commandUrl());
        query = new Api(platform.queryUrl());
        coordinator = token("COORDINATOR");
        auditor = token("AUDITOR");
    }

    @Test
    void theExport_holdsExactlyTheStoredEventsOfTheDay_inLogOrder() throws Exception {
        String day = dayWithReports();
        long position = lastPosition(day);
        awaitIndexed(day, position);

        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        platform.queryUrl().resolve("/api/days/" + day + "/events.jsonl"))
                .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> lines = export.body().lines().map(Api.JSON::readTree)
                .filter(line -> !line.path("type").asString().equals("CheckpointRecorded")).toList();
        List<JsonNode> page = query.get("/api/days/" + day + "/events?limit=1000", auditor).body().path("events")
                .valueStream().filter(e -> !e.path("type").asString().equals("CheckpointRecorded")).toList();

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(lines).hasSize((int) stored(day));
        assertThat(lines.stream().map(l -> l.path("position").asLong()).toList()).isSorted();
        assertThat(lines.get(0).path("type").asString()).isEqualTo("DayPlanned");
        assertThat(page).hasSize(lines.size());
        for (JsonNode line : lines) {
            assertThat(line.path("payload").path("dayId").asString()).isEqualTo(day);
            assertThat(line.path("metadata").path("hash").asString()).hasSize(64);
        }
        assertThat(query.get("/api/days/" + day + "/events", coordinator).status()).as("auditors only").isEqualTo(403);
    }

    @Test
    void theReportsAsTheyStoodAtK_exportAsCsv_andAReportsHistory_showsWhatEachEventChanged() throws Exception {
        Instant before = Instant.now();
        String day = dayWithReports();
        awaitIndexed(day, lastPosition(day));

        List<String> now = csv(day, null);
        List<String> atStart = csv(day, before);
        JsonNode feed = query.get("/api/days/" + day + "/reports", auditor).body();
        String headcount = feed.path("reports").valueStream()
                .filter(r -> r.path("kind").asString().equals("HEADCOUNT")).findFirst().orElseThrow()
                .path("reportId").asString();
        JsonNode history = query.get("/api/days/" + day + "/reports/" + headcount + "/history", auditor).body();

        assertThat(now.get(0)).startsWith("report_id,kind,subject_id");
        assertThat(now).hasSize(4);
        assertThat(now.stream().filter(line -> line.contains(",CLOSURE,")).findFirst().orElseThrow()).contains(",true,");
        assertThat(atStart).as("nothing was known before the day was planned").hasSize(1);
        assertThat(history.path("events").size()).isEqualTo(2);
        assertThat(history.path("events").get(1).path("changes").path("verdict").toString())
                .isEqualTo("[\"UNREVIEWED\",\"VERIFIED\"]");
    }

    @Test
    void theReportsCsv_neutralisesEveryTextCellThatASpreadsheetWouldRun_andLeavesNumbersAlone() throws Exception {
        String day = openedDay();
        Instant observed = Instant.now().minusSeconds(600);
        Map<String, Object> at = Map.of("lat", 44.9766, "lon", -93.1077);
        String hyperlink = post(day, "CLOSURE", observed, "=1+1", Map.of("business",
                Map.of("name", "=HYPERLINK(\"https://example.com/x\",\"Open\")", "location", at, "sector", "RETAIL"),
                "status", "CLOSED"));
        String plus = post(day, "WALKOUT", observed, "-2+3", Map.of("workplace",
                Map.of("name", "+Clinic 1", "location", at, "sector", "HEALTHCARE"), "type", "SICKOUT", "participants", 4));
        String at1 = post(day, "HEADCOUNT", observed, "@me", Map.of("rally",
                Map.of("name", "@SUM(A1)", "location", at), "headcount", 300, "method", "COUNTED"));
        String minus = post(day, "CLOSURE", observed, "\tTabbed", Map.of("business",
                Map.of("name", "-Cafe", "location", at, "sector", "FOOD_SERVICE"), "status", "PARTIAL"));
        String carriage = post(day, "CLOSURE", observed, "\r=carriage", Map.of("business",
                Map.of("name", "Corner Store", "location", at, "sector", "RETAIL"), "status", "OPEN"));
        String plain = post(day, "CLOSURE", observed, "fine, with a comma", Map.of("business",
                Map.of("name", "Plain Shop = fine", "location", at, "sector", "RETAIL"), "status", "CLOSED"));
        awaitIndexed(day, lastPosition(day));

        String body = csvBody(day);
        List<List<String>> rows = parseCsv(body);
        List<String> header = rows.get(0);
        Map<String, List<String>> byReport = new java.util.HashMap<>();
        rows.subList(1, rows.size()).forEach(r -> byReport.put(r.get(header.indexOf("report_id")), r));
        int name = header.indexOf("subject_name");
        int note = header.indexOf("note");

        assertThat(byReport).hasSize(6);
        assertThat(byReport.get(hyperlink).get(name)).isEqualTo("'=HYPERLINK(\"https://example.com/x\",\"Open\")");
        assertThat(byReport.get(hyperlink).get(note)).isEqualTo("'=1+1");
        assertThat(byReport.get(plus).get(name)).isEqualTo("'+Clinic 1");
        assertThat(byReport.get(plus).get(note)).isEqualTo("'-2+3");
        assertThat(byReport.get(at1).get(name)).isEqualTo("'@SUM(A1)");
        assertThat(byReport.get(at1).get(note)).isEqualTo("'@me");
        assertThat(byReport.get(minus).get(name)).isEqualTo("'-Cafe");
        assertThat(byReport.get(minus).get(note)).isEqualTo("'\tTabbed");
        assertThat(byReport.get(carriage).get(note)).isEqualTo("'\r=carriage");
        assertThat(byReport.get(plain).get(name)).as("only a first character is a formula").isEqualTo("Plain Shop = fine");
        assertThat(byReport.get(plain).get(note)).isEqualTo("fine, with a comma");
        assertThat(body).as("each neutralised cell is quoted, the quote first")
                .contains(",\"'=HYPERLINK(\"\"https://example.com/x\"\",\"\"Open\"\")\",", ",\"'+Clinic 1\",",
                        ",\"'@me\",", ",\"'\r=carriage\",");
        for (List<String> row : rows.subList(1, rows.size())) {
            assertThat(row.get(header.indexOf("lon"))).as("a number stays a number").isEqualTo("-93.1077");
            for (String cell : row) {
                if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
                    assertThat(cell).as("a cell a spreadsheet would run, in " + row).matches("-?[0-9]+(\\.[0-9]+)?");
                }
            }
        }
    }

    @Test
    void aRebuild_fromTheLog_givesIdenticalDigests() throws Exception {
        String day = dayWithReports();
        awaitIndexed(day, lastPosition(day));

        Api.Answer started = query.post("/api/projections/rebuild", auditor, "");
        assertThat(started.status()).isEqualTo(202);
        JsonNode job = awaitRebuild(started.body().path("jobId").asString());

        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("digestsEqual").asBoolean()).as(job.toString()).isTrue();
        assertThat(job.path("processed").asLong()).isGreaterThan(0).isEqualTo(job.path("total").asLong());
        assertThat(job.path("differences").size()).isZero();
    }

    @Test
    void aRebuildAnnouncedDone_leavesTheNextOneFreeToStart_atOnce() throws Exception {
        String day = dayWithReports();
        awaitIndexed(day, lastPosition(day));

        for (int i = 0; i < 3; i++) {
            Api.Answer started = query.post("/api/projections/rebuild", auditor, "");
            assertThat(started.status()).as("rebuild %d, asked for as soon as the one before was DONE: %s", i,
                    started.raw()).isEqualTo(202);
            JsonNode job = awaitRebuild(started.body().path("jobId").asString());
            assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("DONE");
        }
    }

    @Test
    void aRebuild_overLiveTablesThatChangedAndLostRows_reportsThem_andPutsTheLogsTablesInPlace_logged() throws Exception {
        String day = dayWithReports();
        awaitIndexed(day, lastPosition(day));
        execute("UPDATE report_view SET participants = 41 WHERE day_id = '" + day + "' AND kind = 'WALKOUT'");
        execute("DELETE FROM event_index WHERE position = (SELECT max(position) FROM event_index WHERE day_id = '"
                + day + "')");
        // While it runs, the rebuild's tables are unlogged (only the tables that replace the live ones are logged).
        List<String> persistence = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            try (Connection db = connect(); Statement statement = db.createStatement()) {
                while (watching.get()) {
                    try (ResultSet rs = statement.executeQuery("SELECT c.relname || ' ' || c.relpersistence::text FROM pg_class c"
                            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE n.nspname LIKE 'rebuild\\_%' AND c.relkind IN ('r', 'i')")) {
                        while (rs.next()) {
                            persistence.add(rs.getString(1));
                        }
                    }
                }
            } catch (SQLException e) {
                persistence.add("watching failed: " + e);
            }
        });
        watcher.start();
        JsonNode job;
        try {
            Api.Answer started = query.post("/api/projections/rebuild", auditor, "");
            assertThat(started.status()).isEqualTo(202);
            job = awaitRebuild(started.body().path("jobId").asString());
        } finally {
            watching.set(false);
            watcher.join();
        }

        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.path("digestsEqual").asBoolean()).as(job.toString()).isFalse();
        List<String> tables = new ArrayList<>();
        job.path("differences").forEach(d -> tables.add(d.path("table").asString()));
        assertThat(tables).as(job.toString()).containsExactlyInAnyOrder("report_view", "event_index");
        job.path("differences").forEach(d -> {
            if (d.path("table").asString().equals("report_view")) {
                assertThat(d.path("onlyLive").asString()).contains(",41,");
                assertThat(d.path("onlyRebuilt").asString()).contains(",40,");
            } else {
                assertThat(d.path("onlyLive").asString()).isEmpty();
                assertThat(d.path("onlyRebuilt").asString()).contains(day);
            }
        });
        assertThat(persistence).as("the rebuild's tables and indexes, as seen while it ran").isNotEmpty()
                .allMatch(table -> table.endsWith(" u"));
        // The tables that replaced the live ones are what the log says, and as durable as the ones they replaced.
        assertThat(longOf("SELECT count(*) FROM report_view WHERE day_id = '" + day + "' AND participants = 40"))
                .isEqualTo(1);
        assertThat(longOf("SELECT count(*) FROM event_index WHERE position = " + lastPosition(day))).isEqualTo(1);
        assertThat(longOf("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND c.relpersistence <> 'p'")).isZero();
        Api.Answer again = query.post("/api/projections/rebuild", auditor, "");
        JsonNode second = awaitRebuild(again.body().path("jobId").asString());
        assertThat(second.path("digestsEqual").asBoolean()).as(second.toString()).isTrue();
    }

    @Test
    void theIntegrityCheck_reportsAnEditedPayloadAndADeletedLastEvent_byTheirEvents() throws Exception {
        String day = dayWithReports();
        awaitIndexed(day, lastPosition(day));
        JsonNode clean = query.get("/api/days/" + day + "/integrity", auditor).body();
        assertThat(clean.path("ok").asBoolean()).as(clean.toString()).isTrue();

        String[] edited = event(day, "WalkoutReported");
        String[] deleted = event(day, "ReportRetracted");
        String table = "deleted_" + deleted[0].replace("-", "");
        execute("UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                + "'\"participants\":40', '\"participants\":41'), 'UTF8') WHERE eventidentifier = '" + edited[0] + "'");
        execute("CREATE TABLE " + table + " AS SELECT * FROM domainevententry WHERE eventidentifier = '" + deleted[0] + "'");
        execute("DELETE FROM domainevententry WHERE eventidentifier = '" + deleted[0] + "'");
        try {
            JsonNode report = query.get("/api/days/" + day + "/integrity", auditor).body();

            assertThat(report.path("ok").asBoolean()).isFalse();
            List<String> problems = new ArrayList<>();
            report.path("broken").forEach(b -> problems.add(b.path("eventId").asString() + " " + b.path("problem").asString()));
            assertThat(problems).anyMatch(p -> p.startsWith(edited[0] + " content does not match its hash"));
            assertThat(problems).anyMatch(p -> p.startsWith(deleted[0] + " event missing from the log"));
            report.path("broken").forEach(b -> assertThat(b.path("aggregateId").asString()).isIn(edited[1], deleted[1]));
        } finally {
            // Put the log back as it was, for the other tests on this platform (a rebuild among them).
            execute("UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                    + "'\"participants\":41', '\"participants\":40'), 'UTF8') WHERE eventidentifier = '" + edited[0] + "'");
            execute("INSERT INTO domainevententry SELECT * FROM " + table);
            try (Connection db = connect(); Statement statement = db.createStatement()) {
                statement.execute("DROP TABLE " + table);
            }
        }
        assertThat(query.get("/api/days/" + day + "/integrity", auditor).body().path("ok").asBoolean())
                .as("the log put back is whole again").isTrue();
    }

    private String openedDay() {
        String day = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        assertThat(command.post("/api/days", coordinator, Map.of("id", day, "name", "Audit", "city", "Minneapolis",
                "timeZone", "America/Chicago", "startsAt", now.minus(6, ChronoUnit.HOURS).toString(),
                "endsAt", now.plus(6, ChronoUnit.HOURS).toString())).status()).isEqualTo(201);
        command.post("/api/days/" + day + "/opening", coordinator, "");
        return day;
    }

    private String dayWithReports() {
        String day = openedDay();
        Instant now = Instant.now();
        String closure = UUID.randomUUID().toString();
        post(day, Map.of("reportId", closure, "kind", "CLOSURE", "observedAt", now.minusSeconds(900).toString(),
                "business", Map.of("name", "Hmongtown Marketplace", "location", Map.of("lat", 44.9766, "lon", -93.1077),
                        "sector", "RETAIL"), "status", "CLOSED"));
        post(day, Map.of("reportId", UUID.randomUUID().toString(), "kind", "WALKOUT",
                "observedAt", now.minusSeconds(600).toString(), "workplace", Map.of("name", "Clinic",
                        "location", Map.of("lat", 44.95, "lon", -93.26), "sector", "HEALTHCARE"),
                "type", "SICKOUT", "participants", 40));
        String headcount = UUID.randomUUID().toString();
        post(day, Map.of("reportId", headcount, "kind", "HEADCOUNT", "observedAt", now.minusSeconds(300).toString(),
                "rally", Map.of("name", "Target Center rally", "location", Map.of("lat", 44.9795, "lon", -93.2761)),
                "headcount", 50_000, "method", "DENSITY_ESTIMATE"));
        assertThat(command.post("/api/days/" + day + "/reports/" + headcount + "/verdict", coordinator,
                Map.of("verdict", "VERIFIED")).status()).isEqualTo(200);
        assertThat(command.post("/api/days/" + day + "/reports/" + closure + "/retraction", coordinator, "").status())
                .isEqualTo(200);
        return day;
    }

    private List<String> csv(String day, Instant knownAt) throws Exception {
        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(platform.queryUrl()
                        .resolve("/api/days/" + day + "/reports.csv" + (knownAt == null ? "" : "?knownAt=" + knownAt)))
                .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        return export.body().lines().toList();
    }

    /** Submits a report of this kind with this note and these subject and figures; answers its id. */
    private String post(String day, String kind, Instant observedAt, String note, Map<String, Object> subjectAndFigures) {
        String reportId = UUID.randomUUID().toString();
        Map<String, Object> report = new java.util.LinkedHashMap<>(subjectAndFigures);
        report.putAll(Map.of("reportId", reportId, "kind", kind, "observedAt", observedAt.toString(), "note", note));
        post(day, report);
        return reportId;
    }

    private String csvBody(String day) throws Exception {
        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(platform.queryUrl()
                        .resolve("/api/days/" + day + "/reports.csv"))
                .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        return export.body();
    }

    /** The cells of an RFC 4180 CSV text, row by row: quotes taken off, doubled quotes made single. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(ch);
            }
        }
        assertThat(quoted).as("every quoted cell is closed").isFalse();
        assertThat(cell.isEmpty() && row.isEmpty()).as("the text ends with a line break").isTrue();
        return rows;
    }

    private void post(String day, Map<String, Object> report) {
        Api.Answer answer = command.post("/api/days/" + day + "/reports", coordinator, report);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
    }

    private String token(String role) {
        return command.post("/api/tokens", platform.adminToken(), Map.of("role", role, "label", role.toLowerCase()))
                .body().path("token").asString();
    }

    private JsonNode awaitRebuild(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode job;
        do {
            Thread.sleep(10); // as soon as it ends: what it says then must hold
            job = query.get("/api/projections/rebuild/" + jobId, auditor).body();
        } while (job.path("state").asString().equals("RUNNING") && System.nanoTime() < deadline);
        return job;
    }

    private void awaitIndexed(String day, long position) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (query.get("/api/days/" + day + "/tally", auditor).body().path("position").asLong() < position) {
            assertThat(System.nanoTime()).as("the query side reaches position " + position).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private long lastPosition(String day) throws SQLException {
        return longOf("SELECT max(globalindex) FROM domainevententry WHERE convert_from(payload, 'UTF8')::jsonb ->> 'dayId' = '"
                + day + "' AND " + NOT_CHECKPOINT);
    }

    private long stored(String day) throws SQLException {
        return longOf("SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8')::jsonb ->> 'dayId' = '"
                + day + "' AND " + NOT_CHECKPOINT);
    }

    /** The id and aggregate of the day's first event of a type. */
    private String[] event(String day, String type) throws SQLException {
        try (Connection db = connect(); ResultSet rs = db.createStatement().executeQuery(
                "SELECT eventidentifier, aggregateidentifier FROM domainevententry WHERE payloadtype LIKE '%." + type
                        + "' AND convert_from(payload, 'UTF8')::jsonb ->> 'dayId' = '" + day + "' ORDER BY globalindex LIMIT 1")) {
            rs.next();
            return new String[]{rs.getString(1), rs.getString(2)};
        }
    }

    private long longOf(String sql) throws SQLException {
        try (Connection db = connect(); ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(), platform.databasePassword());
    }
}
