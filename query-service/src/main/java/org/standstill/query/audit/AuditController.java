package org.standstill.query.audit;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.standstill.query.config.InvalidParameter;
import org.standstill.query.config.NotFound;
import org.standstill.query.tally.TallyQuery;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** What auditors read: the day's event log, page by page or streamed whole, and its integrity. */
@RestController
class AuditController {

    static final int MAX_LIMIT = 1000;

    record EventPage(List<EventLog.LoggedEvent> events, Long next) {
    }

    private final EventLog log;
    private final Integrity integrity;
    private final TallyQuery tallies;
    private final JsonMapper json;

    AuditController(EventLog log, Integrity integrity, TallyQuery tallies, JsonMapper json) {
        this.log = log;
        this.integrity = integrity;
        this.tallies = tallies;
        this.json = json;
    }

    @GetMapping("/api/days/{dayId}/events")
    EventPage events(@PathVariable String dayId, @RequestParam(defaultValue = "0") long after,
                     @RequestParam(defaultValue = "100") int limit) {
        if (after < 0) {
            throw new InvalidParameter("after", "must be a position, 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "must be from 1 to " + MAX_LIMIT);
        }
        existing(dayId);
        List<EventLog.LoggedEvent> events = log.page(dayId, after, limit);
        return new EventPage(events, events.size() < limit ? null : events.get(events.size() - 1).position());
    }

    /** The whole log of the day, one JSON event a line, streamed in constant memory. */
    @GetMapping(value = "/api/days/{dayId}/events.jsonl", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String dayId) {
        existing(dayId);
        StreamingResponseBody body = out -> log.stream(dayId, event -> line(out, json.writeValueAsString(event)));
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"" + dayId + "-events.jsonl\"")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .body(body);
    }

    @GetMapping("/api/days/{dayId}/integrity")
    Integrity.Report integrity(@PathVariable String dayId) {
        existing(dayId);
        return integrity.check(dayId);
    }

    /** Every event of one report, in order. */
    @GetMapping("/api/days/{dayId}/reports/{reportId}/history")
    List<EventLog.LoggedEvent> history(@PathVariable String dayId, @PathVariable UUID reportId) {
        existing(dayId);
        List<EventLog.LoggedEvent> events = log.ofAggregate(dayId, reportId.toString());
        if (events.isEmpty()) {
            throw new NotFound("No report " + reportId + " in day " + dayId);
        }
        return events;
    }

    private void existing(String dayId) {
        if (!tallies.exists(dayId)) {
            throw new NotFound("No day of action " + dayId);
        }
    }

    private static void line(OutputStream out, String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
