package org.standstill.query.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import org.standstill.query.tally.ProcessedThrough;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How this instance's projection processors stand: for each, every segment it holds, how far it has come and the
 * error that halts it, if any. The health endpoint's status is {@code HALTED} (still 200: the service reaches
 * PostgreSQL) while a segment is stopped by a failing event, and the auditor page shows why.
 */
@Component("projections")
class Projections implements HealthIndicator {

    static final Status HALTED = new Status("HALTED", "a projection is halted by a failing event");

    record Segment(int segment, boolean caughtUp, Long position, String error) {
    }

    record Processor(String name, boolean running, List<Segment> segments) {
    }

    @Schema(name = "ProjectionsReport")
    record Report(long processedThrough, List<Processor> processors, boolean halted) {
    }

    private final EventProcessingConfiguration processing;
    private final ProcessedThrough processed;

    Projections(EventProcessingConfiguration processing, ProcessedThrough processed) {
        this.processing = processing;
        this.processed = processed;
    }

    Report report() {
        List<Processor> processors = new ArrayList<>();
        boolean halted = false;
        for (StreamingEventProcessor processor : processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList()) {
            List<Segment> segments = new ArrayList<>();
            for (Map.Entry<Integer, EventTrackerStatus> entry : processor.processingStatus().entrySet()) {
                EventTrackerStatus status = entry.getValue();
                String error = status.isErrorState() && status.getError() != null
                        ? status.getError().getClass().getSimpleName() + ": " + status.getError().getMessage() : null;
                halted |= status.isErrorState();
                segments.add(new Segment(entry.getKey(), status.isCaughtUp(),
                        status.getCurrentPosition().isPresent() ? status.getCurrentPosition().getAsLong() : null,
                        error));
            }
            processors.add(new Processor(processor.getName(), processor.isRunning(), segments));
        }
        return new Report(processed.position(), processors, halted);
    }

    @Override
    public Health health() {
        Report report = report();
        return (report.halted() ? Health.status(HALTED) : Health.up())
                .withDetail("processedThrough", report.processedThrough())
                .withDetail("processors", report.processors())
                .build();
    }
}
