package org.standstill.query.live;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.standstill.query.config.PostgresNotifications;
import org.standstill.query.feed.FeedQuery;
import org.standstill.query.map.MapQuery;
import org.standstill.query.plausibility.FeedFlags;
import org.standstill.query.plausibility.PlausibilityRules;
import org.standstill.query.plausibility.PlausibilityRules.RallyCheck;
import org.standstill.query.tally.TallyEngine.SubjectFigures;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.DayIndex;
import org.standstill.query.tally.DayIndexes;
import org.standstill.query.tally.ProcessedThrough;
import org.standstill.query.tally.Tally;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes a day's live views whenever they change — as PostgreSQL tells every instance once the projection has
 * committed — to {@code /topic/days/{dayId}/tally} (the ALL-mode tally at now), {@code …/feed} (each new or changed
 * report) and {@code …/map} (the changed features). Coalesced: the first change is sent as soon as it is processed
 * through (every segment past it), later ones at most every {@link #MIN_INTERVAL}, so at most 10 tallies a second per
 * day; and sent again whenever passing time alone may change a figure. After a lost connection to PostgreSQL every
 * day is sent again, as something may have been missed.
 */
@Component
class LiveViews implements SmartLifecycle {

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final String DAY_TOPICS = "/topic/days/";
    /** While this instance's processor works through a backlog, live views yield the processor most of the machine. */
    static final Duration CATCHING_UP_INTERVAL = Duration.ofSeconds(1);
    /** How often a send waiting for the other segments looks at their tokens again. */
    static final Duration AWAIT_POLL = Duration.ofMillis(5);
    static final int FEED_BATCH = 500;
    static final int MAP_BATCH = 500;
    /** With the broker relay, how long a day counts as watched after an instance last said so (each says it thrice). */
    static final Duration WATCHED_FOR = Duration.ofSeconds(60);

    /** What was sent for one day, and whether more is waiting. Guarded by its own lock. */
    private static final class Pending {
        boolean scheduled;
        boolean timeChanged;
        long lastSent;
        Instant timer;
        long feedPosition = -1;
        int versions = -1;
        long awaited;
        /** Since when a send waits for the position processed through to reach {@link #awaited} (0: it does not). */
        long deferredSince;
        /** Per rally, the flags last sent of its flagged reports: a report whose flags change is sent again. */
        final Map<String, Map<UUID, List<String>>> flagged = new HashMap<>();
    }

    private final TallyQuery tallies;
    private final FeedQuery feed;
    private final DayIndexes indexes;
    private final ProcessedThrough processed;
    private final SimpMessagingTemplate broker;
    private final EventProcessingConfiguration processing;
    private final FeedFlags flags;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-views");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Pending> days = new ConcurrentHashMap<>();
    private final SimpUserRegistry watchers;
    private final LivePublisher publisher;
    private final JdbcClient jdbc;
    /** With the broker relay: when each day was last said to be watched by a client of any instance. */
    private final Map<String, Long> watchedAnywhere = new ConcurrentHashMap<>();
    private volatile boolean running;

    LiveViews(TallyQuery tallies, FeedQuery feed, DayIndexes indexes, ProcessedThrough processed,
              SimpMessagingTemplate broker, PostgresNotifications notifications, EventProcessingConfiguration processing,
              FeedFlags flags, SimpUserRegistry watchers, LivePublisher publisher, JdbcClient jdbc) {
        this.publisher = publisher;
        this.jdbc = jdbc;
        // The instance that becomes the relay's sender sends every day's views again: some may have been missed.
        publisher.onPromotion(() -> days.keySet().forEach(day -> changed(day, 0, 0)));
        notifications.listen(PostgresNotifications.WATCHING, payload -> {
            String[] parts = payload.split("\t");
            if (parts.length == 2) {
                watchedAnywhere.put(parts[1], System.nanoTime());
                if (parts[0].equals("subscribed")) {
                    changed(parts[1], 0, 0);
                }
            }
        });
        this.flags = flags;
        this.watchers = watchers;
        this.processing = processing;
        this.tallies = tallies;
        this.feed = feed;
        this.indexes = indexes;
        this.processed = processed;
        this.broker = broker;
        notifications.listen(PostgresNotifications.VIEWS, payload -> {
            if (payload.isEmpty()) {
                days.keySet().forEach(day -> changed(day, 0, 0)); // reconnected: something may have been missed
            } else {
                String[] parts = payload.split("\t");
                changed(parts[0], parts.length == 3 ? Long.parseLong(parts[1]) : 0, parts.length == 3 ? Long.parseLong(parts[2]) : 0);
            }
        });
    }

    @Override
    public void start() {
        running = true;
        if (publisher.relayed()) {
            sender.scheduleWithFixedDelay(this::announceWatched, WATCHED_FOR.toSeconds() / 3, WATCHED_FOR.toSeconds() / 3,
                    TimeUnit.SECONDS);
        }
    }

    /** With the broker relay: tells every instance (the sender among them) which days this one's clients watch. */
    private void announceWatched() {
        try {
            Set<String> watchedHere = new HashSet<>();
            watchers.findSubscriptions(s -> s.getDestination() != null && s.getDestination().startsWith(DAY_TOPICS))
                    .forEach(s -> watchedHere.add(s.getDestination().substring(DAY_TOPICS.length()).split("/", 2)[0]));
            watchedHere.forEach(day -> announce("watching", day));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LiveViews.class).warn("Announcing the watched days failed", e);
        }
    }

    private void announce(String what, String dayId) {
        jdbc.sql("SELECT pg_notify(?, ?)").params(PostgresNotifications.WATCHING, what + "\t" + dayId).query(rs -> { });
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

    /** The day's events from position {@code first} to {@code last} were applied (0, 0: something may have been). */
    void changed(String dayId, long first, long last) {
        Pending pending = days.computeIfAbsent(dayId, d -> {
            Pending p = new Pending();
            p.feedPosition = Math.max(0, first - 1);
            return p;
        });
        synchronized (pending) {
            pending.awaited = Math.max(pending.awaited, last);
            schedule(dayId, pending);
        }
    }

    /** A client subscribed to one of a day's topics: its views are sent (again) at once, from where they stand. */
    @EventListener
    void watching(SessionSubscribeEvent event) {
        String destination = SimpMessageHeaderAccessor.getDestination(event.getMessage().getHeaders());
        if (destination != null && destination.startsWith(DAY_TOPICS)) {
            String dayId = destination.substring(DAY_TOPICS.length()).split("/", 2)[0];
            if (publisher.relayed()) {
                // the sender may be another instance: it sends the day's views to everyone watching it
                sender.execute(() -> announce("subscribed", dayId));
            } else {
                // after the registry of subscriptions has taken this one in
                sender.schedule(() -> changed(dayId, 0, 0), 50, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Whether a client of this instance subscribes to one of the day's topics; with the broker relay, of any instance
     * (as they said within {@link #WATCHED_FOR}).
     */
    private boolean watched(String dayId) {
        Long announced = watchedAnywhere.get(dayId);
        if (publisher.relayed() && announced != null && System.nanoTime() - announced < WATCHED_FOR.toNanos()) {
            return true;
        }
        String prefix = DAY_TOPICS + dayId + "/";
        return !watchers.findSubscriptions(s -> s.getDestination() != null && s.getDestination().startsWith(prefix))
                .isEmpty();
    }

    private void schedule(String dayId, Pending pending) {
        if (!pending.scheduled) {
            pending.scheduled = true;
            long wait = pending.lastSent + (catchingUp() ? CATCHING_UP_INTERVAL : MIN_INTERVAL).toNanos() - System.nanoTime();
            sender.schedule(() -> send(dayId), Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
    }

    private void send(String dayId) {
        Pending pending = days.get(dayId);
        boolean timeChanged;
        long awaitedThrough = awaitedThrough(dayId, pending);
        synchronized (pending) {
            long now = System.nanoTime();
            if (awaitedThrough < pending.awaited
                    && (pending.deferredSince == 0 || now - pending.deferredSince < MIN_INTERVAL.toNanos())) {
                // Applied by one segment, not yet processed-through: another segment has still to store its token
                // past it, which it does within moments and without a notification. Look again shortly rather than
                // send a tally without it and hold the next one back a whole interval — but never longer than one.
                if (pending.deferredSince == 0) {
                    pending.deferredSince = now;
                }
                sender.schedule(() -> send(dayId), AWAIT_POLL.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            pending.deferredSince = 0;
            pending.scheduled = false;
            pending.lastSent = System.nanoTime();
            timeChanged = pending.timeChanged;
            pending.timeChanged = false;
        }
        try {
            if (!publisher.sends() || !watched(dayId)) {
                // No one here watches the day: nothing is evaluated or sent, and what has changed counts as sent; a
                // new watcher's subscription starts its pushes again (watching).
                long through = processed.position();
                pending.feedPosition = Math.max(pending.feedPosition, through);
                indexes.get(dayId, 0).ifPresent(day -> pending.versions = day.versionCount());
                pending.flagged.clear();
                return;
            }
            Optional<TallyQuery.View> view = tallies.liveView(dayId, Mode.ALL);
            if (view.isEmpty()) {
                return;
            }
            Tally tally = TallyQuery.tally(dayId, view.get(), Mode.ALL);
            String topic = "/topic/days/" + dayId;
            broker.convertAndSend(topic + "/tally", tally);
            long through = processed.position();
            List<FeedQuery.FeedReport> changed = feed.page(dayId, pending.feedPosition, FEED_BATCH, through).reports();
            if (!changed.isEmpty()) {
                pending.feedPosition = changed.get(changed.size() - 1).position();
            }
            DayIndex day = indexes.get(dayId, 0).orElseThrow();
            if (pending.versions < 0) {
                pending.versions = day.versionAfter(pending.feedPosition);
            }
            Set<String> subjects = new LinkedHashSet<>(day.subjectsSince(pending.versions));
            pending.versions = day.versionCount();
            if (changed.size() == FEED_BATCH || through < pending.awaited) {
                // more to send, or applied but not yet processed-through (an earlier event still in flight)
                sender.schedule(() -> changed(dayId, 0, 0), MIN_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (timeChanged) {
                subjects.addAll(day.rallies());
            }
            // At most MAP_BATCH features a message, built one message at a time: a backlog changes many subjects.
            // Each changed rally is checked for plausibility with its feature, and its flags go to the feed below.
            List<String> changedSubjects = List.copyOf(subjects);
            Map<String, RallyCheck> checks = new HashMap<>();
            Set<String> checked = new HashSet<>();
            for (int from = 0; from < changedSubjects.size(); from += MAP_BATCH) {
                List<String> some = changedSubjects.subList(from, Math.min(changedSubjects.size(), from + MAP_BATCH));
                List<SubjectFigures> figures = view.get().evaluation().subjects(some);
                List<String> rallies = figures.stream().filter(f -> f.subject().kind() == Kind.HEADCOUNT)
                        .map(f -> f.subject().subjectId()).toList();
                checks.putAll(flags.checks(dayId, view.get(), Mode.ALL, rallies));
                checked.addAll(rallies);
                broker.convertAndSend(topic + "/map", new MapChange(tally.position(), MapQuery.features(figures, checks)));
            }
            Set<String> feedRallies = FeedFlags.rallies(changed);
            feedRallies.removeAll(checked);
            checks.putAll(flags.checks(dayId, view.get(), Mode.ALL, feedRallies));
            checked.addAll(feedRallies);
            sendFeed(dayId, topic, pending, view.get(), changed, checks, checked, through);
            Instant next = view.get().evaluation().nextChange;
            if (next != null) {
                wakeAt(dayId, pending, next);
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LiveViews.class).warn("Live views of day {} not sent", dayId, e);
        }
    }

    /**
     * The changed reports, with their flags; then the reports of the checked rallies whose flags changed though they
     * did not (another reporter's headcount, or passing time, made them an outlier or no longer one).
     */
    private void sendFeed(String dayId, String topic, Pending pending, TallyQuery.View view,
                          List<FeedQuery.FeedReport> changed, Map<String, RallyCheck> checks, Set<String> checked,
                          long through) {
        Set<UUID> sent = new HashSet<>();
        for (FeedQuery.FeedReport report : FeedFlags.flag(changed, checks, view)) {
            broker.convertAndSend(topic + "/feed", report);
            sent.add(report.reportId());
        }
        Set<UUID> again = new HashSet<>();
        for (String rally : checked) {
            RallyCheck check = checks.getOrDefault(rally, RallyCheck.NONE);
            Map<UUID, List<String>> now = new HashMap<>();
            for (PlausibilityRules.Judged judged : check.counted()) {
                List<String> reportFlags = FeedFlags.flags(check, Optional.of(judged));
                if (!reportFlags.isEmpty()) {
                    now.put(judged.report().reportId(), reportFlags);
                }
            }
            Map<UUID, List<String>> before = pending.flagged.getOrDefault(rally, Map.of());
            before.forEach((id, old) -> {
                if (!old.equals(now.get(id))) {
                    again.add(id);
                }
            });
            now.forEach((id, current) -> {
                if (!current.equals(before.get(id))) {
                    again.add(id);
                }
            });
            if (now.isEmpty()) {
                pending.flagged.remove(rally);
            } else {
                pending.flagged.put(rally, now);
            }
        }
        again.removeAll(sent);
        if (!again.isEmpty()) {
            List<FeedQuery.FeedReport> reports = feed.reports(dayId, again).stream()
                    .filter(r -> r.position() <= through).toList();
            FeedFlags.flag(reports, checks, view).forEach(report -> broker.convertAndSend(topic + "/feed", report));
        }
    }

    /** The position processed through, if the day's views are to be sent now; else (or unknown) no reason to wait. */
    private long awaitedThrough(String dayId, Pending pending) {
        try {
            return publisher.sends() && watched(dayId) && pending.awaited > 0 ? processed.position() : Long.MAX_VALUE;
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    private boolean catchingUp() {
        return processing.eventProcessor(ProcessedThrough.PROCESSOR, StreamingEventProcessor.class)
                .map(p -> p.processingStatus().values().stream().anyMatch(status -> !status.isCaughtUp()))
                .orElse(false);
    }

    record MapChange(long position, List<MapQuery.Feature> features) {
    }

    /** Passing time alone changes figures: send again when the next such moment comes. */
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
                pending.timeChanged = true;
                schedule(dayId, pending);
            }
        }, delay, TimeUnit.NANOSECONDS);
    }
}
