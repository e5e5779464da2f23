package org.standstill.query.live;

import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import org.standstill.query.config.PostgresNotifications;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes a day's ALL-mode tally to {@code /topic/days/{dayId}/tally} whenever its views change (as
 * PostgreSQL tells every instance after the projection commits). Coalesced: the first change is sent at
 * once, later ones at most every {@link #MIN_INTERVAL} — at most 4 messages a second per day — and again
 * whenever passing time alone changes the crowd figures.
 */
@Component
class LiveTally implements SmartLifecycle {

    static final Duration MIN_INTERVAL = Duration.ofMillis(250);

    private final TallyQuery tallies;
    private final SimpMessagingTemplate broker;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-tally");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicBoolean> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private final Map<String, Instant> timers = new ConcurrentHashMap<>();
    private volatile boolean running;

    LiveTally(TallyQuery tallies, SimpMessagingTemplate broker, PostgresNotifications notifications) {
        this.tallies = tallies;
        this.broker = broker;
        notifications.listen(PostgresNotifications.VIEWS, this::changed);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        sender.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The day's views changed (an empty day id: anything may have changed). */
    void changed(String dayId) {
        if (dayId.isEmpty() || !pending.computeIfAbsent(dayId, d -> new AtomicBoolean()).compareAndSet(false, true)) {
            return;
        }
        long wait = lastSent.getOrDefault(dayId, 0L) + MIN_INTERVAL.toNanos() - System.nanoTime();
        sender.schedule(() -> send(dayId), Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    private void send(String dayId) {
        pending.get(dayId).set(false);
        lastSent.put(dayId, System.nanoTime());
        tallies.live(dayId, Mode.ALL).ifPresent(tally -> broker.convertAndSend("/topic/days/" + dayId + "/tally", tally));
        tallies.nextCrowdChange(dayId).ifPresent(moment -> wakeAt(dayId, moment));
    }

    /** The crowd figures change with time alone: send again when the next headcount enters or leaves its window. */
    private void wakeAt(String dayId, Instant moment) {
        Instant scheduled = timers.get(dayId);
        if (scheduled != null && !scheduled.isAfter(moment) && scheduled.isAfter(Instant.now())) {
            return;
        }
        timers.put(dayId, moment);
        long delay = Math.max(0, Duration.between(Instant.now(), moment).toNanos());
        sender.schedule(() -> changed(dayId), delay, TimeUnit.NANOSECONDS);
    }
}
