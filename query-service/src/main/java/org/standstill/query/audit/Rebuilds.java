package org.standstill.query.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.standstill.query.config.PostgresNotifications;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.standstill.query.config.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.standstill.query.tally.DayIndexes;
import org.standstill.query.tally.ProcessedThrough;
import org.standstill.query.tally.ProjectionWriter;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds the tally's projection from the event log into fresh tables (a schema of their own), with
 * the very same projection code, while coordinators keep reading the live tables. At the end the live
 * processor is paused, the rebuild catches up to exactly the events it has processed, and a digest of
 * every table is compared: equal, the fresh tables are dropped; different, they replace the live ones
 * (they are what the log says) and the differences are reported. Progress goes over REST and over
 * {@code /topic/rebuilds/{jobId}}.
 */
@Component
class Rebuilds {

    static final String GROUP = "tally";
    static final List<String> TABLES = List.of("day_view", "day_version", "report_view", "report_version",
            "subject_view", "event_index", "campaign_view");
    static final int BATCH = 5000;
    /**
     * How many reports' last rows a replay keeps in memory (a few hundred bytes each): the most recently changed, so
     * that a batch reads from the database only the reports changed again long after (see
     * {@link ProjectionWriter.Replay}).
     */
    static final int REMEMBERED = 65_536;
    /** Memory for the sorts of deriving the views and of building the indexes, instead of temporary files. */
    static final String SORT_MEMORY = "256MB";
    /** The advisory lock key of rebuilds ("rebuild" in ASCII). */
    static final long LOCK = 0x7265_6275_696c_64L;
    /** Each table's primary key. */
    static final Map<String, List<String>> KEYS = Map.of(
            "day_view", List.of("day_id"), "day_version", List.of("day_id", "position"),
            "report_view", List.of("report_id"), "report_version", List.of("report_id", "position"),
            "subject_view", List.of("day_id", "subject_id"), "event_index", List.of("position"),
            "campaign_view", List.of("campaign_id"));
    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    /** Said on {@link PostgresNotifications#REBUILDS} when rebuilt tables replaced the live ones. */
    public static final String REPLACED = "replaced";

    enum State { RUNNING, DONE, FAILED }

    record Difference(String table, String onlyLive, String onlyRebuilt) {
    }

    @Schema(name = "RebuildStatus")
    record Status(String jobId, State state, long processed, long total, double eventsPerSecond,
                  Long secondsLeft, Boolean digestsEqual, List<Difference> differences, String error) {
    }

    private final Map<String, Status> jobs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "rebuild"));
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "rebuild-reader"));
    private final java.util.concurrent.ScheduledExecutorService claims =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rebuild-claim"));
    private final DataSource dataSource;
    private final EventProcessingConfiguration processing;
    private final ProjectionWriter writer;
    private final ProcessedThrough processed;
    private final Serializer eventSerializer;
    private final Digests digests;
    private final DayIndexes indexes;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final SimpMessagingTemplate broker;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    /** With a broker relay, what this instance sends reaches every instance's clients: it alone sends its progress. */
    private final boolean relay;

    Rebuilds(DataSource dataSource, EventProcessingConfiguration processing, JdbcClient jdbc,
             TransactionTemplate transaction, SimpMessagingTemplate broker, ProjectionWriter writer,
             ProcessedThrough processed, @Qualifier("eventSerializer") Serializer eventSerializer, Digests digests,
             DayIndexes indexes, MeterRegistry meters, ObjectMapper defaultAxonObjectMapper,
             PostgresNotifications notifications, @Value("${standstill.stomp-relay:}") String relay) {
        this.meters = meters;
        this.json = defaultAxonObjectMapper;
        this.relay = !relay.isBlank();
        // Every instance tells its own clients of every rebuild's progress, wherever it runs (simple broker).
        notifications.listen(PostgresNotifications.REBUILDS, jobId -> {
            if (!this.relay && !jobId.isEmpty() && !jobId.equals(REPLACED)) {
                stored(jobId).ifPresent(status -> broker.convertAndSend("/topic/rebuilds/" + jobId, status));
            }
        });
        this.dataSource = dataSource;
        this.processing = processing;
        this.writer = writer;
        this.processed = processed;
        this.eventSerializer = eventSerializer;
        this.digests = digests;
        this.indexes = indexes;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.broker = broker;
    }

    /** Starts a rebuild, or answers the one already running here; refused while another instance runs one. */
    synchronized String start() {
        Optional<Status> running = jobs.values().stream().filter(s -> s.state() == State.RUNNING).findFirst();
        if (running.isPresent()) {
            return running.get().jobId();
        }
        RebuildLock lock = lock().orElseThrow(() -> new Conflict(
                "A rebuild is running on another query-service instance; try again when it is done"));
        try {
            clearInterrupted();
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        String jobId = UUID.randomUUID().toString();
        publish(new Status(jobId, State.RUNNING, 0, 0, 0, null, null, List.of(), null));
        worker.submit(() -> {
            Status end;
            try (lock) {
                end = run(jobId);
            }
            // Only now DONE or FAILED: the processors go on and the lock is free, so a next rebuild can start at once.
            publish(end);
        });
        return jobId;
    }

    /**
     * A rebuild interrupted by a crash leaves its schema behind, and perhaps the claim it took on the processor's
     * token (which lapses by itself after Axon's claim timeout): cleared when no instance is rebuilding.
     */
    @EventListener(ApplicationReadyEvent.class)
    void clearInterruptedRebuilds() {
        lock().ifPresent(lock -> {
            try (RebuildLock held = lock) {
                clearInterrupted();
                jdbc.sql("""
                        UPDATE rebuild_job SET status = status || '{"state": "FAILED", "error": "interrupted"}'::jsonb,
                            updated_at = now()
                        WHERE status ->> 'state' = 'RUNNING'""").update();
            }
        });
    }

    /**
     * Drops what an interrupted rebuild left (its schema, its claim); only while holding the rebuild lock. Also before
     * each rebuild: one that lost PostgreSQL mid-way could not drop its schema itself.
     */
    private void clearInterrupted() {
        jdbc.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%'").query(String.class).list()
                .forEach(schema -> {
                    log.info("Dropping {}, left by an interrupted rebuild", schema);
                    jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
                });
        jdbc.sql("UPDATE tokenentry SET owner = NULL WHERE owner LIKE 'rebuild-%'").update();
    }

    /**
     * The lock one rebuild at a time holds, across instances: a session advisory lock on a connection of its own,
     * unlocked before the connection goes back to the pool (a crash ends the session, and the lock with it).
     */
    private record RebuildLock(Connection connection) implements AutoCloseable {
        @Override
        public void close() {
            try (connection; Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
            } catch (SQLException e) {
                log.warn("Releasing the rebuild lock failed", e);
            }
        }
    }

    private Optional<RebuildLock> lock() {
        try {
            Connection connection = dataSource.getConnection();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new RebuildLock(connection));
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not ask for the rebuild lock", e);
        }
    }

    /**
     * Stops the live processor on every instance: this one's is shut down; the others lose the claim on its token,
     * which this rebuild takes (and keeps fresh) until it is done — their next batch cannot store its token, so it
     * rolls back. A batch being committed holds the token's row: the claim waits for it.
     */
    private Runnable pauseEverywhere(String owner) {
        TrackingEventProcessor local = processing.eventProcessor(GROUP, TrackingEventProcessor.class).orElseThrow();
        local.shutDown();
        try {
            claim(owner);
        } catch (RuntimeException e) {
            local.start();
            throw e;
        }
        // A heartbeat that fails (PostgreSQL unreachable for a moment) must not end the heartbeats after it. None runs
        // once the claim is released: one still running then would claim the token again, from the live processor.
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ScheduledFuture<?> heartbeat = claims.scheduleAtFixedRate(() -> {
            synchronized (released) {
                if (released.get()) {
                    return;
                }
                try {
                    claim(owner);
                } catch (RuntimeException e) {
                    log.warn("Keeping the rebuild's claim on the {} token fresh failed: {}", GROUP, e.toString());
                }
            }
        }, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
        return () -> {
            synchronized (released) {
                released.set(true);
            }
            heartbeat.cancel(false);
            try {
                jdbc.sql("UPDATE tokenentry SET owner = NULL WHERE processorname = ? AND owner = ?").params(GROUP, owner)
                        .update();
            } catch (RuntimeException e) {
                // PostgreSQL unreachable: the claim is no longer kept fresh, and lapses after Axon's claim timeout.
                log.warn("Releasing the rebuild's claim on the {} token failed: {}", GROUP, e.toString());
            } finally {
                // Whatever happened to the rebuild, the live projection goes on.
                local.start();
            }
        };
    }

    private void claim(String owner) {
        transaction.executeWithoutResult(tx -> jdbc.sql(
                        "UPDATE tokenentry SET owner = ?, timestamp = ? WHERE processorname = ?")
                .params(owner, DateTimeUtils.formatInstant(Instant.now()), GROUP).update());
    }

    /** A rebuild's status, whichever instance runs or ran it. */
    Optional<Status> status(String jobId) {
        Status here = jobs.get(jobId);
        return here != null ? Optional.of(here) : stored(jobId);
    }

    private Optional<Status> stored(String jobId) {
        return jdbc.sql("SELECT status::text FROM rebuild_job WHERE job_id = ?").param(jobId).query(String.class)
                .optional().map(text -> {
                    try {
                        return json.readValue(text, Status.class);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("Unreadable rebuild status of " + jobId, e);
                    }
                });
    }

    /** Runs the rebuild; the status it ends in, which the caller announces. */
    private Status run(String jobId) {
        String schema = "rebuild_" + jobId.replace("-", "").substring(0, 12);
        Instant started = Instant.now();
        try {
            long total = jdbc.sql("SELECT coalesce(max(globalindex), 0) FROM domainevententry").query(Long.class).single();
            transaction.executeWithoutResult(tx -> {
                jdbc.sql("CREATE SCHEMA " + schema).update();
                // Only the primary keys while the log is replayed (but two, see KEYED_AFTER_REPLAY); the other
                // indexes are built once at the end. Unlogged: nothing of the rebuild goes through the WAL (a
                // crash drops the schema anyway); only tables that replace the live ones are logged, when they do.
                TABLES.forEach(t -> {
                    jdbc.sql("CREATE UNLOGGED TABLE " + schema + "." + t + " (LIKE public." + t
                            + " INCLUDING ALL EXCLUDING INDEXES)").update();
                    if (!ProjectionWriter.KEYED_AFTER_REPLAY.contains(t)) {
                        jdbc.sql("ALTER TABLE " + schema + "." + t + " ADD PRIMARY KEY ("
                                + String.join(", ", KEYS.get(t)) + ")").update();
                    }
                });
                jdbc.sql("SET LOCAL search_path TO " + schema + ", public").update();
                writer.prepareReplay();
            });
            Progress progress = new Progress(jobId, started, total);
            ProjectionWriter.Replay state = new ProjectionWriter.Replay(REMEMBERED, this::submissions);
            // Replay everything the live processor has processed through, while it goes on.
            long through = processed.position();
            replay(schema, 0, through, (position, aggregate) -> true, progress, state);
            Runnable resume = pauseEverywhere("rebuild-" + jobId);
            try {
                // The live tables hold still from here on: their digests are taken meanwhile, on other connections.
                Map<String, CompletableFuture<String>> live = new LinkedHashMap<>();
                TABLES.forEach(t -> live.put(t, digests.start("public." + t)));
                // Then exactly what else the live processor applied: each segment up to its token, less its gaps.
                LiveCut liveToken = new LiveCut(processed.segmentTokens());
                replay(schema, through, liveToken.upTo(), liveToken::applied, progress, state);
                // Whole now: digested while the rest is derived and indexed.
                Map<String, CompletableFuture<String>> rebuilt = new java.util.concurrent.ConcurrentHashMap<>();
                List.of("day_view", "day_version", "event_index", "campaign_view")
                        .forEach(t -> rebuilt.put(t, digests.start(schema + "." + t)));
                // The reports' tables and the subjects' share no table: completed at once, each in a transaction
                // of its own, each table indexed as soon as it is whole.
                timed("derive", () -> {
                    CompletableFuture<Void> subjects = CompletableFuture.runAsync(() -> {
                        inRebuilt(schema, writer::completeSubjects);
                        rebuilt.put("subject_view", digests.start(schema + ".subject_view"));
                        indexLikeLive(schema, List.of("subject_view", "event_index", "day_view", "day_version"));
                    }, reader);
                    try {
                        inRebuilt(schema, () -> writer.completeReports(state));
                        List.of("report_view", "report_version")
                                .forEach(t -> rebuilt.put(t, digests.start(schema + "." + t)));
                        indexLikeLive(schema, List.of("report_view", "report_version"));
                    } finally {
                        joined(subjects);
                    }
                });
                List<Difference> differences = timed("digests", () -> compare(schema, live, rebuilt));
                if (differences.isEmpty()) {
                    jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
                } else {
                    swap(schema);
                }
                log.info("Rebuild {}: {} events, digests {} (live token {})", jobId, progress.processed,
                        differences.isEmpty() ? "equal" : "different", liveToken);
                return new Status(jobId, State.DONE, progress.processed, Math.max(total, progress.processed),
                        rate(progress.processed, started), 0L, differences.isEmpty(), differences, null);
            } finally {
                resume.run();
            }
        } catch (RuntimeException | Error e) {
            // An error too (a stack overflow, a class that cannot be loaded): the job must not stay RUNNING for ever.
            log.warn("Rebuild {} failed", jobId, e);
            Status before = jobs.get(jobId);
            Status failed = new Status(jobId, State.FAILED, before.processed(), before.total(),
                    before.eventsPerSecond(), null, null, List.of(), e.getMessage());
            try {
                jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
            } catch (RuntimeException unreachable) {
                // Dropped by the next rebuild, or at the next start.
                log.warn("Dropping {} of the failed rebuild {} failed: {}", schema, jobId, unreachable.toString());
            }
            if (e instanceof Error error) {
                publish(failed);
                throw error;
            }
            return failed;
        }
    }

    /** In a transaction of its own, on the rebuilt tables, with room in memory for sorts. */
    private void inRebuilt(String schema, Runnable work) {
        transaction.executeWithoutResult(tx -> {
            jdbc.sql("SET LOCAL search_path TO " + schema + ", public").update();
            jdbc.sql("SET LOCAL work_mem = '" + SORT_MEMORY + "'").update();
            jdbc.sql("SET LOCAL maintenance_work_mem = '" + SORT_MEMORY + "'").update();
            work.run();
        });
    }

    /** The live tables' other indexes, built on these rebuilt tables in one go (a sort each, not row by row). */
    private void indexLikeLive(String schema, List<String> tables) {
        List<String> definitions = jdbc.sql("SELECT i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'"
                        + " AND i.tablename = ANY (?)"
                        + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')")
                .param(tables.toArray(String[]::new))
                .query(String.class).list();
        timed("indexes", () -> inRebuilt(schema,
                () -> definitions.forEach(definition -> jdbc.sql(definition.replace(" ON public.", " ON " + schema + "."))
                        .update())));
    }

    private final class Progress {
        final String jobId;
        final Instant started;
        final long total;
        long processed;
        long published = System.nanoTime();
        /** When the rebuilt tables' statistics are taken next: at 2^16 events processed, then at each doubling. */
        long nextAnalysis = 1 << 16;

        Progress(String jobId, Instant started, long total) {
            this.jobId = jobId;
            this.started = started;
            this.total = total;
        }

        void add(int events) {
            processed += events;
            // Each status is a committed (fsynced) write and a notification to every instance: a few a second.
            long now = System.nanoTime();
            if (now - published < 250_000_000L) {
                return;
            }
            published = now;
            double rate = rate(processed, started);
            long left = Math.max(0, total - processed);
            publish(new Status(jobId, State.RUNNING, processed, Math.max(total, processed), rate,
                    rate > 0 ? (long) (left / rate) : null, null, List.of(), null));
        }
    }

    /**
     * Feeds the log's events in (from, to], less {@code skip}, to the same {@link ProjectionWriter} the live processor
     * uses, writing into {@code schema}, {@value #BATCH} events a transaction. While one batch is written the next is
     * read and deserialised.
     */
    private void replay(String schema, long from, long to, Applied skip, Progress progress,
                        ProjectionWriter.Replay state) {
        long after = from;
        java.util.concurrent.Future<List<ProjectionWriter.Stored>> next = reader.submit(read(after, to, skip));
        while (true) {
            List<ProjectionWriter.Stored> batch;
            try {
                long waiting = System.nanoTime();
                batch = next.get();
                Timer.builder("standstill.rebuild.phase").tag("phase", "read-wait").register(meters)
                        .record(System.nanoTime() - waiting, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Rebuild interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Reading the event log failed", e.getCause());
            }
            if (batch.isEmpty()) {
                return;
            }
            after = batch.get(batch.size() - 1).position();
            next = reader.submit(read(after, to, skip));
            timed("write", () -> transaction.executeWithoutResult(tx -> {
                jdbc.sql("SET LOCAL search_path TO " + schema + ", public").update();
                writer.replay(batch, state);
            }));
            progress.add(batch.size());
            if (progress.processed >= progress.nextAnalysis) {
                // Statistics of the tables a replay reads back, as they grow: without any, the planner takes a
                // forgotten report's versions for a large share of the table and scans it whole (14 s of a 10^6
                // rebuild instead of 3); autovacuum would not look at them before the rebuild is over.
                jdbc.sql("ANALYZE " + schema + ".report_version").update();
                progress.nextAnalysis *= 2;
            }
        }
    }

    /** Reads up to {@value #BATCH} stored events after {@code after} and at or before {@code to}, deserialised. */
    private java.util.concurrent.Callable<List<ProjectionWriter.Stored>> read(long after, long to, Applied applied) {
        return () -> {
            List<ProjectionWriter.Stored> events = new ArrayList<>(BATCH);
            jdbc.sql("""
                            SELECT globalindex, eventidentifier, aggregateidentifier, sequencenumber, timestamp,
                                   payloadtype, payloadrevision, payload
                            FROM domainevententry WHERE globalindex > ? AND globalindex <= ?
                            ORDER BY globalindex LIMIT ?""")
                    .params(after, to, BATCH)
                    .query(rs -> {
                        long position = rs.getLong(1);
                        if (applied.test(position, rs.getString(3))) {
                            Object payload = eventSerializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(8),
                                    byte[].class, rs.getString(6), rs.getString(7)));
                            events.add(new ProjectionWriter.Stored(position, rs.getString(2), rs.getString(3),
                                    rs.getLong(4), instant(rs.getString(5)), payload));
                        }
                    });
            return events;
        };
    }

    /**
     * Where each of these reports was submitted, from the log: the position of its aggregate's first event (a report is
     * its own aggregate, created by its submission).
     */
    private Map<UUID, Long> submissions(java.util.Collection<UUID> reportIds) {
        Map<UUID, Long> positions = new java.util.HashMap<>();
        jdbc.sql("SELECT aggregateidentifier, globalindex FROM domainevententry"
                        + " WHERE aggregateidentifier = ANY (?) AND sequencenumber = 0")
                .param(reportIds.stream().map(UUID::toString).toArray(String[]::new))
                .query(rs -> {
                    positions.put(UUID.fromString(rs.getString(1)), rs.getLong(2));
                });
        return positions;
    }

    /**
     * A stored event's timestamp: read by hand in the shape the event store writes ({@code 2026-01-23T15:00:00.123Z},
     * UTC, milliseconds), any other shape as Axon reads it.
     */
    static Instant instant(String text) {
        if (text.length() != 24 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.' || text.charAt(23) != 'Z') {
            return DateTimeUtils.parseInstant(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int millis = digits(text, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month)
                .lengthOfMonth() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || millis < 0) {
            return DateTimeUtils.parseInstant(text);
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
    }

    /** The decimal number of {@code count} digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + ch - '0';
        }
        return value;
    }

    /** Each table's digests in both schemas, once taken; for each table that differs, some rows on each side. */
    private List<Difference> compare(String schema, Map<String, CompletableFuture<String>> live,
                                     Map<String, CompletableFuture<String>> rebuilt) {
        List<Difference> differences = new ArrayList<>();
        for (String table : TABLES) {
            if (!joined(live.get(table)).equals(joined(rebuilt.get(table)))) {
                differences.add(new Difference(table, sample("public." + table, schema + "." + table),
                        sample(schema + "." + table, "public." + table)));
            }
        }
        return differences;
    }

    /** The future's value once done; its own exception if it failed. */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private String sample(String table, String other) {
        return String.join("\n", jdbc.sql("SELECT t::text FROM (SELECT * FROM " + table + " EXCEPT SELECT * FROM "
                + other + ") t LIMIT 5").query(String.class).list());
    }

    /**
     * The rebuilt tables replace the live ones, in one transaction: readers see the old or the new, whole. They are
     * made logged first (written to the WAL whole, their indexes with them), so that they are as durable as the tables
     * they replace.
     */
    private void swap(String schema) {
        transaction.executeWithoutResult(tx -> {
            for (String table : TABLES) {
                jdbc.sql("ALTER TABLE " + schema + "." + table + " SET LOGGED").update();
            }
            for (String table : TABLES) {
                jdbc.sql("DROP TABLE public." + table).update();
                jdbc.sql("ALTER TABLE " + schema + "." + table + " SET SCHEMA public").update();
            }
            jdbc.sql("DROP SCHEMA " + schema).update();
            // Every instance's indexes and live views are read again from the new tables.
            jdbc.sql("SELECT pg_notify(?, ?)").params(PostgresNotifications.REBUILDS, REPLACED).query(rs -> { });
            jdbc.sql("SELECT pg_notify('standstill_views', '')").query(rs -> { });
        });
        indexes.clear();
    }

    /** A phase of the rebuild, timed: {@code standstill.rebuild.phase{phase}}. */
    private <T> T timed(String phase, java.util.function.Supplier<T> work) {
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            Timer.builder("standstill.rebuild.phase").tag("phase", phase).register(meters)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void timed(String phase, Runnable work) {
        timed(phase, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Keeps the status where every instance reads it ({@code rebuild_job}) and tells them; each sends it to its own
     * clients — or, with a broker relay, this instance sends it to all.
     */
    private void publish(Status status) {
        jobs.put(status.jobId(), status);
        String text;
        try {
            text = json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        transaction.executeWithoutResult(tx -> {
            jdbc.sql("""
                    INSERT INTO rebuild_job (job_id, status, updated_at) VALUES (?, ?::jsonb, now())
                    ON CONFLICT (job_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at""")
                    .params(status.jobId(), text).update();
            jdbc.sql("SELECT pg_notify(?, ?)").params(PostgresNotifications.REBUILDS, status.jobId()).query(rs -> { });
        });
        if (relay) {
            broker.convertAndSend("/topic/rebuilds/" + status.jobId(), status);
        }
    }

    /** Whether the event at a position, of an aggregate, is to be replayed. */
    @FunctionalInterface
    interface Applied {
        boolean test(long position, String aggregateId);
    }

    /**
     * What the paused live processor has applied, segment by segment: an event belongs to the segment its aggregate's
     * id falls in (the processor's sequencing policy, per aggregate), and that segment has applied it when it is at or
     * below the segment token's index and not one of its gaps.
     */
    static final class LiveCut {
        private final Segment[] segments;
        private final TrackingToken[] tokens;

        LiveCut(Map<Integer, TrackingToken> bySegment) {
            int[] ids = bySegment.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            segments = new Segment[ids.length];
            tokens = new TrackingToken[ids.length];
            for (int i = 0; i < ids.length; i++) {
                segments[i] = Segment.computeSegment(ids[i], ids);
                TrackingToken token = bySegment.get(ids[i]);
                tokens[i] = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
            }
        }

        /** The highest index any segment has reached. */
        long upTo() {
            long upTo = 0;
            for (TrackingToken token : tokens) {
                upTo = Math.max(upTo, index(token));
            }
            return upTo;
        }

        boolean applied(long position, String aggregateId) {
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].matches(aggregateId)) {
                    TrackingToken token = tokens[i];
                    return position <= index(token)
                            && !(token instanceof GapAwareTrackingToken g && g.getGaps().contains(position));
                }
            }
            return false;
        }

        private static long index(TrackingToken token) {
            if (token instanceof GapAwareTrackingToken g) {
                return g.getIndex();
            }
            return token == null ? 0 : token.position().orElse(0);
        }

        @Override
        public String toString() {
            return java.util.Arrays.toString(tokens);
        }
    }

    private static double rate(long processed, Instant started) {
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return Math.round(processed / seconds * 10) / 10.0;
    }
}
