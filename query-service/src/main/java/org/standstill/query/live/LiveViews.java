package org.standstill.query.live;

import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import org.standstill.query.config.PostgresNotifications;
import org.standstill.query.day.ViewChange;
import org.standstill.query.feed.FeedQuery;
import org.standstill.query.map.MapQuery;
import org.standstill.query.tally.Tally;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes a day's live views whenever they change — as PostgreSQL tells every instance once the
 * projection has committed — to {@code /topic/days/{dayId}/tally} (the ALL-mode tally at now),
 * {@code …/feed} (each new or changed report) and {@code …/map} (the changed features). Coalesced: the
 * first change is sent at once, later ones at most every {@link #MIN_INTERVAL}, so at most 4 tallies
 * a second per day; and sent again whenever passing time alone changes the crowd figures.
 */
@Component
class LiveViews implements SmartLifecycle {

    static final Duration MIN_INTERVAL = Duration.ofMillis(250);

    /** What is waiting to be sent for one day. Guarded by its own lock. */
    private static final class Pending {
        boolean scheduled;
        long lastSent;
        boolean rallies;
        Instant timer;
        final Set<String> subjects = new HashSet<>();
        final Set<UUID> reports = new HashSet<>();
    }

    private final TallyQuery tallies;
    private final FeedQuery feed;
    private final MapQuery maps;
    private final SimpMessagingTemplate broker;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-views");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Pending> days = new ConcurrentHashMap<>();
    private volatile boolean running;

    LiveViews(TallyQuery tallies, FeedQuery feed, MapQuery maps, SimpMessagingTemplate broker,
              PostgresNotifications notifications) {
        this.tallies = tallies;
        this.feed = feed;
        this.maps = maps;
        this.broker = broker;
        notifications.listen(PostgresNotifications.VIEWS, payload -> {
            if (!payload.isEmpty()) {
                changed(ViewChange.parse(payload));
            }
        });
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

    void changed(ViewChange change) {
        Pending pending = days.computeIfAbsent(change.dayId(), d -> new Pending());
        synchronized (pending) {
            change.reportId().map(UUID::fromString).ifPresent(pending.reports::add);
            change.subjectId().ifPresent(pending.subjects::add);
            schedule(change.dayId(), pending);
        }
    }

    private void schedule(String dayId, Pending pending) {
        if (!pending.scheduled) {
            pending.scheduled = true;
            long wait = pending.lastSent + MIN_INTERVAL.toNanos() - System.nanoTime();
            sender.schedule(() -> send(dayId), Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
    }

    private void send(String dayId) {
        Pending pending = days.get(dayId);
        Set<String> subjects;
        Set<UUID> reports;
        boolean rallies;
        synchronized (pending) {
            pending.scheduled = false;
            pending.lastSent = System.nanoTime();
            subjects = new HashSet<>(pending.subjects);
            pending.subjects.clear();
            reports = new HashSet<>(pending.reports);
            pending.reports.clear();
            rallies = pending.rallies;
            pending.rallies = false;
        }
        Instant now = Instant.now();
        Tally tally = tallies.live(dayId, Mode.ALL).orElse(null);
        if (tally == null) {
            return;
        }
        String topic = "/topic/days/" + dayId;
        broker.convertAndSend(topic + "/tally", tally);
        if (!reports.isEmpty()) {
            feed.reports(dayId, reports).forEach(report -> broker.convertAndSend(topic + "/feed", report));
        }
        if (rallies) {
            tallies.subjects(dayId).values().stream().filter(s -> s.kind() == Kind.HEADCOUNT)
                    .forEach(s -> subjects.add(s.subjectId()));
        }
        if (!subjects.isEmpty()) {
            broker.convertAndSend(topic + "/map", new MapChange(tally.position(), maps.liveFeatures(dayId, subjects, now)));
        }
        tallies.nextCrowdChange(dayId).ifPresent(moment -> wakeAt(dayId, pending, moment));
    }

    record MapChange(long position, List<MapQuery.Feature> features) {
    }

    /** The crowd changes with time alone: send again when the next headcount enters or leaves its window. */
    private void wakeAt(String dayId, Pending pending, Instant moment) {
        synchronized (pending) {
            if (pending.timer != null && !pending.timer.isAfter(moment) && pending.timer.isAfter(Instant.now())) {
                return;
            }
            pending.timer = moment;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), moment).toNanos());
        sender.schedule(() -> {
            synchronized (pending) {
                pending.rallies = true;
                schedule(dayId, pending);
            }
        }, delay, TimeUnit.NANOSECONDS);
    }
}
