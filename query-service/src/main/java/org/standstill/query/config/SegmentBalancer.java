package org.standstill.query.config;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Shares the processors' segments between the instances: a segment per instance. A processor starts with one segment
 * (its events come to a single stream, woken at once by each commit; a second segment's stream in the same instance
 * is served from Axon's shared cache and may only look again a second later, holding "processed through" and the live
 * pushes back that long). When more instances are connected than there are segments, an instance that holds a
 * segment splits it (Axon's split: both halves go on from the same token). Axon lets any instance claim any unclaimed
 * segment (in the token table), so the first instance up takes them all and a second would stay idle: every few
 * seconds an instance holding more than its share (the segments over the instances connected, rounded up) releases
 * one for {@link #RELEASE_SECONDS}, long enough for another instance to claim it. When an instance ends, its claims
 * lapse after the token claim timeout and the others take its segments over — the share grows as the count shrinks.
 */
@Component
class SegmentBalancer {

    static final long RELEASE_SECONDS = 15;
    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final EventProcessingConfiguration processing;
    private final QueryInstances instances;
    private final JdbcClient jdbc;

    SegmentBalancer(EventProcessingConfiguration processing, QueryInstances instances, JdbcClient jdbc) {
        this.processing = processing;
        this.instances = instances;
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelayString = "${standstill.segment-balance-interval:PT3S}", initialDelayString = "PT5S")
    void balance() {
        try {
            processing.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof TrackingEventProcessor tracking && tracking.isRunning()) {
                    balance(name, tracking);
                }
            });
        } catch (RuntimeException e) {
            log.debug("Balancing segments failed: {}", e.toString());
        }
    }

    private void balance(String name, TrackingEventProcessor processor) {
        int owned = processor.processingStatus().size();
        if (owned == 0) {
            return;
        }
        int segments = jdbc.sql("SELECT count(*) FROM tokenentry WHERE processorname = ?").param(name)
                .query(Integer.class).single();
        int live = instances.live();
        if (segments < live) {
            // the widest segment held here: its half goes to another instance by the release below, next time
            int segment = processor.processingStatus().values().stream()
                    .min(Comparator.comparingInt(status -> status.getSegment().getMask()))
                    .orElseThrow().getSegment().getSegmentId();
            log.info("Processor {}: {} segments for {} instances: splitting segment {}", name, segments, live, segment);
            processor.splitSegment(segment);
            return;
        }
        if (owned <= 1) {
            return;
        }
        int share = (segments + live - 1) / live;
        if (owned > share) {
            int segment = processor.processingStatus().keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
            log.info("Processor {}: {} of {} segments here, {} instances: releasing segment {} for another instance",
                    name, owned, segments, live, segment);
            processor.releaseSegment(segment, RELEASE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
