package org.standstill.query.live;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.standstill.query.campaign.CampaignChanges;
import org.standstill.query.campaign.CampaignQuery;
import org.standstill.query.config.PostgresNotifications;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes a campaign's live tally (ALL mode, at now) to {@code /topic/campaigns/{campaignId}/tally}, and what changed
 * in it since the last message ({@link CampaignChanges}) to {@code /topic/campaigns/{campaignId}/days}, whenever one
 * of its days changed — as PostgreSQL tells every instance once the projection has committed — coalesced as a day's
 * are (at most every {@link LiveViews#MIN_INTERVAL}), and again whenever passing time alone may change a figure. A day
 * that leaves a campaign changes it too. Each topic is sent only while a client of this instance follows it (or the
 * broker is relayed); the changes start again from the whole campaign when nobody followed them.
 */
@Component
class CampaignViews {

    static final String TOPICS = "/topic/campaigns/";

    /** What was sent for one campaign, and whether more is waiting. Guarded by its own lock. */
    private static final class Pending {
        boolean scheduled;
        long lastSent;
        Instant timer;
    }

    private final CampaignQuery campaigns;
    private final SimpMessagingTemplate broker;
    private final SimpUserRegistry watchers;
    private final LivePublisher publisher;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** The campaign each changed day belonged to when it last changed: a day that leaves one changes it. */
    private final Map<String, String> campaignOfDay = new ConcurrentHashMap<>();
    /** What the changes' topic of each campaign sent last: touched by the sender's thread only. */
    private final Map<String, CampaignChanges.Since> changesSent = new java.util.HashMap<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "campaign-views");
        thread.setDaemon(true);
        return thread;
    });

    CampaignViews(CampaignQuery campaigns, SimpMessagingTemplate broker, SimpUserRegistry watchers,
                  LivePublisher publisher, PostgresNotifications notifications) {
        this.campaigns = campaigns;
        this.broker = broker;
        this.watchers = watchers;
        this.publisher = publisher;
        notifications.listen(PostgresNotifications.VIEWS, payload -> {
            if (payload.isEmpty()) {
                pending.keySet().forEach(this::changed); // reconnected: something may have been missed
            } else if (watchedAny()) {
                String dayId = payload.split("\t", 2)[0];
                sender.execute(() -> dayChanged(dayId));
            }
        });
    }

    private void dayChanged(String dayId) {
        try {
            String now = campaigns.campaignOf(dayId);
            String before = now == null ? campaignOfDay.remove(dayId) : campaignOfDay.put(dayId, now);
            if (now != null) {
                changed(now);
            }
            if (before != null && !before.equals(now)) {
                changed(before);
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CampaignViews.class).warn("Campaign of day {} not found", dayId, e);
        }
    }

    /** A client subscribed to a campaign's topic: its tally is sent (again) at once. */
    @EventListener
    void watching(SessionSubscribeEvent event) {
        String destination = SimpMessageHeaderAccessor.getDestination(event.getMessage().getHeaders());
        if (destination != null && destination.startsWith(TOPICS)) {
            String campaignId = destination.substring(TOPICS.length()).split("/", 2)[0];
            sender.schedule(() -> changed(campaignId), 50, TimeUnit.MILLISECONDS);
        }
    }

    void changed(String campaignId) {
        Pending p = pending.computeIfAbsent(campaignId, c -> new Pending());
        synchronized (p) {
            if (!p.scheduled) {
                p.scheduled = true;
                long wait = p.lastSent + LiveViews.MIN_INTERVAL.toNanos() - System.nanoTime();
                sender.schedule(() -> send(campaignId, p), Math.max(0, wait), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void send(String campaignId, Pending p) {
        synchronized (p) {
            p.scheduled = false;
            p.lastSent = System.nanoTime();
        }
        try {
            boolean tally = publisher.relayed() || watched(campaignId, "tally");
            boolean days = publisher.relayed() || watched(campaignId, "days");
            if (!days) {
                changesSent.remove(campaignId);
            }
            if (!publisher.sends() || !(tally || days)) {
                return;
            }
            campaigns.liveWithNextChange(campaignId).ifPresent(live -> {
                if (tally) {
                    broker.convertAndSend(TOPICS + campaignId + "/tally", live.tally());
                }
                if (days) {
                    broker.convertAndSend(TOPICS + campaignId + "/days", changesSent
                            .computeIfAbsent(campaignId, c -> new CampaignChanges.Since())
                            .next(live.tally(), live.nextChanges()));
                }
                if (live.nextChange() != null) {
                    wakeAt(campaignId, p, live.nextChange());
                }
            });
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CampaignViews.class).warn("Campaign {} not sent", campaignId, e);
        }
    }

    /** Passing time alone changes figures: send again when the next such moment comes. */
    private void wakeAt(String campaignId, Pending p, Instant moment) {
        synchronized (p) {
            if (p.timer != null && !p.timer.isAfter(moment) && p.timer.isAfter(Instant.now())) {
                return;
            }
            p.timer = moment;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), moment).toNanos());
        sender.schedule(() -> changed(campaignId), delay, TimeUnit.NANOSECONDS);
    }

    private boolean watchedAny() {
        return publisher.relayed() || !watchers.findSubscriptions(s -> s.getDestination() != null
                && s.getDestination().startsWith(TOPICS)).isEmpty();
    }

    private boolean watched(String campaignId, String view) {
        String topic = TOPICS + campaignId + "/" + view;
        return !watchers.findSubscriptions(s -> topic.equals(s.getDestination())).isEmpty();
    }
}
