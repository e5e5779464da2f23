package org.standstill.command.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.standstill.command.TestDatabase;
import org.standstill.platform.NoteKeys;
import org.standstill.platform.NoteSeal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sealed notes and their erasure on the running command service and a real PostgreSQL: what the log and the key
 * table hold, the erasure's answers, retries after it, and several first submissions of one report at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "standstill.token-secret=note-erasure-tests-secret-of-at-least-32-bytes",
        "standstill.admin-token=" + NoteErasureTest.ADMIN,
        "standstill.checkpoint-interval=P1D"})
class NoteErasureTest {

    static final String ADMIN = "note-erasure-tests-admin-token";
    static final String NOTE = "the owner, Mai Vang, 612-555-0101, let us in the side door";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    String day;
    Instant seen;

    @BeforeEach
    void liveDay() throws Exception {
        day = "erasure-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        seen = now.minus(Duration.ofMinutes(10));
        assertThat(post("/api/days", """
                {"id":"%s","name":"Erasure day","city":"Minneapolis","timeZone":"America/Chicago",
                 "startsAt":"%s","endsAt":"%s"}""".formatted(day, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(2)))).statusCode()).isEqualTo(201);
        assertThat(post("/api/days/" + day + "/opening", "").statusCode()).isEqualTo(200);
    }

    @Nested
    class Submitting {
        @Test
        void aReportsNote_isStoredSealed_withTheReportsKeyOutsideTheLog() throws Exception {
            UUID report = UUID.randomUUID();
            assertThat(submit(report, "CLOSED", NOTE).statusCode()).isEqualTo(201);

            String payload = payload(report, 0);
            assertThat(payload).doesNotContain("Mai Vang").doesNotContain("612-555");
            JsonNode event = json.readTree(payload);
            assertThat(event.get("note").isNull()).isTrue();
            byte[] key = key(report);
            assertThat(NoteSeal.open(key, report, event.get("sealedNote").asText())).contains(NOTE);
        }

        @Test
        void aRetry_withTheSameNote_isAnsweredAsARetry_thoughTheNoteWouldBeSealedDifferently() throws Exception {
            UUID report = UUID.randomUUID();
            HttpResponse<String> first = submit(report, "CLOSED", NOTE);
            HttpResponse<String> again = submit(report, "CLOSED", NOTE);

            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(json.readTree(again.body())).isEqualTo(json.readTree(first.body()));
            assertThat(submit(report, "CLOSED", "another note").statusCode()).isEqualTo(409);
            assertThat(events(report)).isEqualTo(1);
        }

        @Test
        void aReportWithoutANote_getsNoKey() throws Exception {
            UUID report = UUID.randomUUID();
            assertThat(submit(report, "CLOSED", null).statusCode()).isEqualTo(201);

            assertThat(keyCount(report)).isZero();
        }

        @Test
        void firstSubmissionsOfOneReportAtOnce_storeOneEvent_withTheOneKeyTheyAllUsed() throws Exception {
            UUID report = UUID.randomUUID();
            int n = 4;
            CyclicBarrier start = new CyclicBarrier(n);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return submit(report, "CLOSED", NOTE).statusCode();
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get());
                }
                assertThat(statuses).containsOnly(201, 200).containsOnlyOnce(201);
            } finally {
                pool.shutdownNow();
            }
            assertThat(events(report)).isEqualTo(1);
            assertThat(keyCount(report)).isEqualTo(1);
            assertThat(NoteSeal.open(key(report), report, json.readTree(payload(report, 0)).get("sealedNote").asText()))
                    .contains(NOTE);
        }

        @Test
        void keysMadeAtOnceInSeveralTransactions_areOneKey() throws Exception {
            UUID report = UUID.randomUUID();
            NoteKeys keys = NoteKeys.stored(jdbc);
            int n = 6;
            CyclicBarrier start = new CyclicBarrier(n);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<byte[]>> made = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    made.add(pool.submit(() -> {
                        start.await();
                        return transactions.execute(tx -> keys.getOrCreate(report));
                    }));
                }
                byte[] first = made.get(0).get();
                for (Future<byte[]> key : made) {
                    assertThat(key.get()).isEqualTo(first);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(keyCount(report)).isEqualTo(1);
        }
    }

    @Nested
    class Erasing {
        @Test
        void erasure_deletesTheKey_recordsTheErasure_andAnswersItsPosition() throws Exception {
            UUID report = UUID.randomUUID();
            submit(report, "CLOSED", NOTE);

            HttpResponse<String> erased = erase(report);

            assertThat(erased.statusCode()).isEqualTo(200);
            JsonNode answer = json.readTree(erased.body());
            assertThat(answer.get("reportId").asText()).isEqualTo(report.toString());
            assertThat(answer.get("noteInLog").asBoolean()).isFalse();
            assertThat(keyCount(report)).isZero();
            assertThat(jdbc.sql("""
                            SELECT payloadtype FROM domainevententry WHERE globalindex = ?""")
                    .param(answer.get("position").asLong()).query(String.class).single())
                    .isEqualTo("org.standstill.api.report.NoteErased");
            assertThat(payload(report, 1)).doesNotContain("note");
        }

        @Test
        void erasure_isAnsweredTheSame_whenRepeated() throws Exception {
            UUID report = UUID.randomUUID();
            submit(report, "CLOSED", NOTE);
            HttpResponse<String> first = erase(report);
            HttpResponse<String> again = erase(report);

            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(json.readTree(again.body())).isEqualTo(json.readTree(first.body()));
            assertThat(events(report)).isEqualTo(2);
        }

        @Test
        void afterTheErasure_aRetryOfTheSubmissionIsStillARetry_andOtherFiguresAreStillRefused() throws Exception {
            UUID report = UUID.randomUUID();
            submit(report, "CLOSED", NOTE);
            erase(report);

            assertThat(submit(report, "CLOSED", NOTE).statusCode()).isEqualTo(200);
            assertThat(submit(report, "OPEN", NOTE).statusCode()).isEqualTo(409);
        }

        @Test
        void afterTheErasure_aCorrectionWithANote_isRefused_andOneWithoutIsStoredWithNoNote() throws Exception {
            UUID report = UUID.randomUUID();
            submit(report, "CLOSED", NOTE);
            erase(report);

            HttpResponse<String> withNote = post("/api/days/" + day + "/reports/" + report + "/corrections",
                    "{\"note\":\"Mai again\"}");
            assertThat(withNote.statusCode()).isEqualTo(409);
            assertThat(json.readTree(withNote.body()).get("type").asText()).isEqualTo("/problems/note-erased");
            assertThat(post("/api/days/" + day + "/reports/" + report + "/corrections", "{\"status\":\"PARTIAL\"}")
                    .statusCode()).isEqualTo(201);
            JsonNode corrected = json.readTree(payload(report, 2));
            assertThat(corrected.get("note").isNull() && corrected.get("sealedNote").isNull()).isTrue();
            assertThat(keyCount(report)).as("no key is made again").isZero();
        }

        @Test
        void erasure_isAllowedAfterTheDayClosed() throws Exception {
            UUID report = UUID.randomUUID();
            submit(report, "CLOSED", NOTE);
            assertThat(post("/api/days/" + day + "/closing", "").statusCode()).isEqualTo(200);

            assertThat(erase(report).statusCode()).isEqualTo(200);
            assertThat(keyCount(report)).isZero();
        }

        @Test
        void erasure_ofAnUnknownReport_orInAnUnknownDay_isNotFound() throws Exception {
            assertThat(erase(UUID.randomUUID()).statusCode()).isEqualTo(404);
            UUID report = UUID.randomUUID();
            submit(report, "CLOSED", NOTE);
            assertThat(post("/api/days/no-such-day/reports/" + report + "/note-erasure", "").statusCode())
                    .isEqualTo(404);
            assertThat(keyCount(report)).isEqualTo(1);
        }

        @Test
        void erasure_deletesTheKeyInTheTransactionThatStoresTheErasure(@Autowired CommandBus bus) throws Exception {
            UUID report = UUID.randomUUID();
            submit(report, "CLOSED", NOTE);
            AtomicBoolean inTransaction = new AtomicBoolean();
            Registration probe = bus.registerHandlerInterceptor((unitOfWork, chain) -> {
                inTransaction.set(TransactionSynchronizationManager.isActualTransactionActive());
                return chain.proceed();
            });
            try {
                assertThat(erase(report).statusCode()).isEqualTo(200);
            } finally {
                probe.cancel();
            }
            assertThat(inTransaction).as("the handler, and the key's deletion, run in the command's transaction")
                    .isTrue();
        }

        @Test
        void erasure_needsAToken() throws Exception {
            UUID report = UUID.randomUUID();
            submit(report, "CLOSED", NOTE);
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/api/days/" + day + "/reports/"
                            + report + "/note-erasure")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(keyCount(report)).isEqualTo(1);
        }
    }

    private HttpResponse<String> submit(UUID report, String status, String note) throws Exception {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("reportId", report.toString());
        body.put("kind", "CLOSURE");
        body.put("observedAt", seen.toString());
        body.put("business", java.util.Map.of("name", "Hmongtown Marketplace", "sector", "RETAIL",
                "location", java.util.Map.of("lat", 44.9766, "lon", -93.1077)));
        body.put("status", status);
        if (note != null) {
            body.put("note", note);
        }
        return post("/api/days/" + day + "/reports", json.writeValueAsString(body));
    }

    private HttpResponse<String> erase(UUID report) throws Exception {
        return post("/api/days/" + day + "/reports/" + report + "/note-erasure", "");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private String payload(UUID report, long sequence) {
        return jdbc.sql("""
                        SELECT convert_from(payload, 'UTF8') FROM domainevententry
                        WHERE aggregateidentifier = ? AND sequencenumber = ?""")
                .params(report.toString(), sequence).query(String.class).single();
    }

    private long events(UUID report) {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")
                .param(report.toString()).query(Long.class).single();
    }

    private byte[] key(UUID report) {
        return jdbc.sql("SELECT key FROM note_key WHERE report_id = ?").param(report).query(byte[].class).single();
    }

    private long keyCount(UUID report) {
        return jdbc.sql("SELECT count(*) FROM note_key WHERE report_id = ?").param(report).query(Long.class).single();
    }
}
