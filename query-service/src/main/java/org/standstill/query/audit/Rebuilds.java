package org.standstill.query.audit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.standstill.query.day.Replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

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
            "subject_view", "event_index");
    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);

    enum State { RUNNING, DONE, FAILED }

    record Difference(String table, String onlyLive, String onlyRebuilt) {
    }

    record Status(String jobId, State state, long processed, long total, double eventsPerSecond,
                  Long secondsLeft, Boolean digestsEqual, List<Difference> differences, String error) {
    }

    private final Map<String, Status> jobs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "rebuild"));
    private final EventStorageEngine storage;
    private final TokenStore tokens;
    private final EventProcessingConfiguration processing;
    private final ApplicationContext context;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final SimpMessagingTemplate broker;

    Rebuilds(EventStorageEngine storage, TokenStore tokens, EventProcessingConfiguration processing,
             ApplicationContext context, JdbcClient jdbc, TransactionTemplate transaction, SimpMessagingTemplate broker) {
        this.storage = storage;
        this.tokens = tokens;
        this.processing = processing;
        this.context = context;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.broker = broker;
    }

    /** Starts a rebuild, or answers the one already running. */
    synchronized String start() {
        Optional<Status> running = jobs.values().stream().filter(s -> s.state() == State.RUNNING).findFirst();
        if (running.isPresent()) {
            return running.get().jobId();
        }
        String jobId = UUID.randomUUID().toString();
        publish(new Status(jobId, State.RUNNING, 0, 0, 0, null, null, List.of(), null));
        worker.submit(() -> run(jobId));
        return jobId;
    }

    Optional<Status> status(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    private void run(String jobId) {
        String schema = "rebuild_" + jobId.replace("-", "").substring(0, 12);
        Instant started = Instant.now();
        try {
            long total = jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
            transaction.executeWithoutResult(tx -> {
                jdbc.sql("CREATE SCHEMA " + schema).update();
                TABLES.forEach(t -> jdbc.sql("CREATE TABLE " + schema + "." + t + " (LIKE public." + t
                        + " INCLUDING ALL)").update());
            });
            List<AnnotationEventHandlerAdapter> projections = context.getBeansWithAnnotation(ProcessingGroup.class)
                    .values().stream()
                    .filter(bean -> GROUP.equals(bean.getClass().getAnnotation(ProcessingGroup.class).value()))
                    .map(AnnotationEventHandlerAdapter::new)
                    .toList();
            long[] processed = {0};
            TrackingToken[] last = {null};
            // Replay everything there is now, while the live processor goes on.
            replay(schema, projections, null, token -> true, processed, last, total, started, jobId);
            TrackingEventProcessor live = processing.eventProcessor(GROUP, TrackingEventProcessor.class).orElseThrow();
            live.shutDown();
            try {
                TrackingToken liveToken = tokens.fetchToken(GROUP, 0);
                replay(schema, projections, last[0], liveToken::covers, processed, last, total, started, jobId);
                List<Difference> differences = compare(schema);
                if (differences.isEmpty()) {
                    jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
                } else {
                    swap(schema);
                }
                log.info("Rebuild {}: {} events, digests {} (live token {})", jobId, processed[0],
                        differences.isEmpty() ? "equal" : "different", liveToken);
                publish(new Status(jobId, State.DONE, processed[0], Math.max(total, processed[0]),
                        rate(processed[0], started), 0L, differences.isEmpty(), differences, null));
            } finally {
                live.start();
            }
        } catch (RuntimeException e) {
            log.warn("Rebuild {} failed", jobId, e);
            jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
            Status before = jobs.get(jobId);
            publish(new Status(jobId, State.FAILED, before.processed(), before.total(), before.eventsPerSecond(),
                    null, null, List.of(), e.getMessage()));
        }
    }

    /** Feeds the log after {@code from} to the projections, writing into {@code schema}, batch by batch. */
    private void replay(String schema, List<AnnotationEventHandlerAdapter> projections, TrackingToken from,
                        java.util.function.Predicate<TrackingToken> wanted, long[] processed, TrackingToken[] last,
                        long total, Instant started, String jobId) {
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                List<TrackedEventMessage<?>> batch = new ArrayList<>(BATCH);
                while (iterator.hasNext() && batch.size() < BATCH) {
                    TrackedEventMessage<?> event = iterator.next();
                    if (wanted.test(event.trackingToken())) {
                        batch.add(event);
                    }
                }
                transaction.executeWithoutResult(tx -> {
                    jdbc.sql("SET LOCAL search_path TO " + schema + ", public").update();
                    Replay.run(() -> batch.forEach(event -> projections.forEach(p -> handle(p, event))));
                });
                if (!batch.isEmpty()) {
                    last[0] = batch.get(batch.size() - 1).trackingToken();
                }
                processed[0] += batch.size();
                double rate = rate(processed[0], started);
                long left = Math.max(0, total - processed[0]);
                publish(new Status(jobId, State.RUNNING, processed[0], Math.max(total, processed[0]), rate,
                        rate > 0 ? (long) (left / rate) : null, null, List.of(), null));
            }
        }
    }

    private static void handle(AnnotationEventHandlerAdapter projection, TrackedEventMessage<?> event) {
        try {
            if (projection.canHandle(event)) {
                projection.handle(event);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Replaying event " + event.getIdentifier() + " failed", e);
        }
    }

    /** A digest of each table's rows in both schemas; for each table that differs, some rows on each side. */
    private List<Difference> compare(String schema) {
        List<Difference> differences = new ArrayList<>();
        for (String table : TABLES) {
            String live = digest("public." + table);
            String rebuilt = digest(schema + "." + table);
            if (!live.equals(rebuilt)) {
                differences.add(new Difference(table, sample("public." + table, schema + "." + table),
                        sample(schema + "." + table, "public." + table)));
            }
        }
        return differences;
    }

    private String digest(String table) {
        return jdbc.sql("SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM " + table + " t")
                .query(String.class).single();
    }

    private String sample(String table, String other) {
        return String.join("\n", jdbc.sql("SELECT t::text FROM (SELECT * FROM " + table + " EXCEPT SELECT * FROM "
                + other + ") t LIMIT 5").query(String.class).list());
    }

    /** The rebuilt tables replace the live ones, in one transaction: readers see the old or the new, whole. */
    private void swap(String schema) {
        transaction.executeWithoutResult(tx -> {
            for (String table : TABLES) {
                jdbc.sql("DROP TABLE public." + table).update();
                jdbc.sql("ALTER TABLE " + schema + "." + table + " SET SCHEMA public").update();
            }
            jdbc.sql("DROP SCHEMA " + schema).update();
            // Every instance's live views are read again from the new tables.
            jdbc.sql("SELECT pg_notify('standstill_views', day_id) FROM day_view").query(rs -> { });
        });
    }

    private void publish(Status status) {
        jobs.put(status.jobId(), status);
        broker.convertAndSend("/topic/rebuilds/" + status.jobId(), status);
    }

    private static double rate(long processed, Instant started) {
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return Math.round(processed / seconds * 10) / 10.0;
    }
}
