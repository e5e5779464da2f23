package org.standstill.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.standstill.query.campaign.CampaignQuery;
import org.standstill.query.config.InvalidParameter;
import org.standstill.query.config.NotFound;
import org.standstill.query.tally.ProcessedThrough;
import org.standstill.query.plausibility.FeedFlags;
import org.standstill.query.plausibility.PlausibilityQuery;
import org.standstill.query.plausibility.PlausibilityRules;
import org.standstill.query.plausibility.PlausibilityRules.RallyCheck;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyRules.Mode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What auditors read: the day's event log, page by page or streamed whole, the reports as they stood at
 * any moment (CSV, GeoJSON), a report's history, and the log's integrity.
 */
@RestController
@Tag(name = "Audit", description = "The event log, exports, report histories and the integrity check")
class AuditController {

    static final int MAX_LIMIT = 1000;

    @Schema(description = "A page of the log; `next` is the `after` of the next page, null at the end")
    record EventPage(List<EventLog.LoggedEvent> events,
                     @Schema(types = {"integer", "null"}, format = "int64", description = "The `after` of the next "
                             + "page; null at the end") Long next) {
    }

    private final EventLog log;
    private final Integrity integrity;
    private final TallyQuery tallies;
    private final JsonMapper json;
    private final ReportExports exports;
    private final Clock clock;
    private final ProcessedThrough processed;
    private final Downloads downloads;
    private final PlausibilityQuery plausibility;
    private final CampaignQuery campaigns;

    AuditController(EventLog log, Integrity integrity, TallyQuery tallies, JsonMapper json, ReportExports exports,
                    Clock clock, ProcessedThrough processed, Downloads downloads, PlausibilityQuery plausibility,
                    CampaignQuery campaigns) {
        this.campaigns = campaigns;
        this.plausibility = plausibility;
        this.processed = processed;
        this.downloads = downloads;
        this.log = log;
        this.integrity = integrity;
        this.tallies = tallies;
        this.json = json;
        this.exports = exports;
        this.clock = clock;
    }

    @GetMapping("/api/days/{dayId}/events")
    @Operation(operationId = "getEvents", summary = "Read the day's event log",
            description = "AUDITOR: the events of the day in log order, a page at a time; no event that commits late "
                    + "is ever skipped.")
    @ApiResponse(responseCode = "200", description = "A page of the log")
    EventPage events(@PathVariable String dayId,
                     @Parameter(description = "The `next` of the page before (0: from the start)") @RequestParam(defaultValue = "0") long after,
                     @Parameter(description = "At most this many events, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        if (after < 0) {
            throw new InvalidParameter("after", "must be a position, 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "must be from 1 to " + MAX_LIMIT);
        }
        existing(dayId);
        List<EventLog.LoggedEvent> events = log.page(dayId, after, limit, processed.position());
        return new EventPage(events, events.size() < limit ? null : events.get(events.size() - 1).position());
    }

    /** The whole log of the day, one JSON event a line, streamed in constant memory. */
    @Operation(operationId = "downloadEvents", summary = "Download the day's whole event log",
            description = "AUDITOR: streamed, one JSON event a line (as in `GET /api/days/{dayId}/events`).")
    @ApiResponse(responseCode = "200", description = "The log", headers = @Header(name = "Content-Disposition",
            description = "`attachment; filename=\"<dayId>-events.jsonl\"`", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "503", description = "Every connection kept for downloads is in use")
    @GetMapping(value = "/api/days/{dayId}/events.jsonl", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String dayId) {
        existing(dayId);
        return attachment(dayId + "-events.jsonl", "application/x-ndjson",
                out -> log.stream(dayId, event -> line(out, json.writeValueAsString(event))));
    }

    /** A campaign's whole log, one JSON event a line, streamed in constant memory. */
    @Operation(operationId = "downloadCampaignEvents", summary = "Download a campaign's whole event log",
            description = "AUDITOR: streamed, one JSON event a line in log order (as in `GET /api/days/{dayId}/events`): "
                    + "the campaign's creation and every event of each day that ever belonged to it.")
    @ApiResponse(responseCode = "200", description = "The log", headers = @Header(name = "Content-Disposition",
            description = "`attachment; filename=\"<campaignId>-events.jsonl\"`", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "No such campaign")
    @ApiResponse(responseCode = "503", description = "Every connection kept for downloads is in use")
    @GetMapping(value = "/api/campaigns/{campaignId}/events.jsonl", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> exportCampaign(@PathVariable String campaignId) {
        existingCampaign(campaignId);
        return attachment(campaignId + "-events.jsonl", "application/x-ndjson",
                out -> log.streamCampaign(campaignId, event -> line(out, json.writeValueAsString(event))));
    }

    /** Each member day's integrity check. */
    record CampaignIntegrity(String campaignId, boolean ok, List<Integrity.Report> days) {
    }

    @GetMapping("/api/campaigns/{campaignId}/integrity")
    @Operation(operationId = "checkCampaignIntegrity", summary = "Check the hash chains of a campaign's days",
            description = "AUDITOR: the integrity check of each day that belongs to the campaign now "
                    + "(as `GET /api/days/{dayId}/integrity`); `ok` when every one is.")
    @ApiResponse(responseCode = "200", description = "What the checks found")
    @ApiResponse(responseCode = "404", description = "No such campaign")
    CampaignIntegrity campaignIntegrity(@PathVariable String campaignId) {
        existingCampaign(campaignId);
        List<Integrity.Report> days = campaigns.memberDays(campaignId).stream().map(integrity::check).toList();
        return new CampaignIntegrity(campaignId, days.stream().allMatch(Integrity.Report::ok), days);
    }

    private void existingCampaign(String campaignId) {
        if (campaigns.campaign(campaignId).isEmpty()) {
            throw new NotFound("No campaign " + campaignId);
        }
    }

    /** The reports as they stood at {@code knownAt} (default now), one CSV line each. */
    @Operation(operationId = "downloadReportsCsv", summary = "Download the reports as CSV",
            description = "AUDITOR: the reports as they stood at K, streamed. Columns, in order: `report_id, kind, "
                    + "subject_id, subject_name, reporter_id, submitted_at, observed_at, status, reason, type, "
                    + "participants, workforce, headcount, method, note, verdict, retracted, lat, lon, "
                    + "submission_position, submission_recorded_at`. Cells that begin with `= + - @`, a tab or a "
                    + "carriage return are quoted with a `'` first.")
    @ApiResponse(responseCode = "200", description = "The reports", headers = @Header(name = "Content-Disposition",
            description = "`attachment; filename=\"<dayId>-reports.csv\"`", schema = @Schema(type = "string")),
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "503", description = "Every connection kept for downloads is in use")
    @GetMapping(value = "/api/days/{dayId}/reports.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> reportsCsv(@PathVariable String dayId,
                                                     @RequestParam(required = false) Instant knownAt) {
        Instant k = knownAt(dayId, knownAt);
        return attachment(dayId + "-reports.csv", "text/csv", out -> exports.csv(dayId, k, out));
    }

    /** The reports as they stood at {@code knownAt} (default now), as GeoJSON points at their subjects. */
    @Operation(operationId = "downloadReportsGeoJson", summary = "Download the reports as GeoJSON",
            description = "AUDITOR: the reports as they stood at K, streamed, as Point features at their subjects.")
    @ApiResponse(responseCode = "200", description = "The reports", headers = @Header(name = "Content-Disposition",
            description = "`attachment; filename=\"<dayId>-reports.geojson\"`", schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/geo+json",
                    schema = @Schema(ref = "#/components/schemas/FeatureCollection")))
    @ApiResponse(responseCode = "503", description = "Every connection kept for downloads is in use")
    @GetMapping(value = "/api/days/{dayId}/reports.geojson", produces = "application/geo+json")
    ResponseEntity<StreamingResponseBody> reportsGeoJson(@PathVariable String dayId,
                                                         @RequestParam(required = false) Instant knownAt) {
        Instant k = knownAt(dayId, knownAt);
        return attachment(dayId + "-reports.geojson", "application/geo+json", out -> exports.geoJson(dayId, k, out));
    }

    /**
     * Every hash chain of the day recomputed, checked against the query side's index and the day's checkpoints,
     * in bounded memory however large the day: the first {@value Integrity#MAX_BROKEN} broken links are listed,
     * {@code brokenCount} counts them all.
     */
    @GetMapping("/api/days/{dayId}/integrity")
    @Operation(operationId = "checkIntegrity", summary = "Check the day's hash chains",
            description = "AUDITOR: every hash chain of the day recomputed and checked against the query side's "
                    + "index and the day's checkpoints; the first 1,000 broken links are listed, `brokenCount` counts "
                    + "them all.")
    @ApiResponse(responseCode = "200", description = "What the check found")
    Integrity.Report integrity(@PathVariable String dayId) {
        existing(dayId);
        return integrity.check(dayId);
    }

    /** One event of a report's history and what it changed: field → [before, after]. */
    record HistoryEntry(EventLog.LoggedEvent event, Map<String, List<Object>> changes) {
    }

    /**
     * A headcount's plausibility in the view at {@code at} as known at {@code knownAt} (DOMAIN.md): whether the crowd
     * counts it then, its {@code flags}, the lower median of the {@code others} it was judged against, and its rally's
     * reporters, methods and flags.
     */
    record Plausibility(Instant at, Instant knownAt, Mode mode, boolean counted, List<String> flags, int others,
                        Long othersMedian, int reporters, Map<String, Integer> methods, List<String> rallyFlags) {
    }

    /**
     * {@code noteErased}: a coordinator erased the report's note. The notes its events carry sealed can no longer be
     * opened; a note an event carries in plaintext (stored before notes were sealed) is left out of this history too,
     * though the event log ({@code /events}, {@code events.jsonl}) keeps it as stored.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record History(UUID reportId, String dayId, List<HistoryEntry> events, Plausibility plausibility,
                   boolean noteErased) {
    }

    /**
     * What an erasure changed. (Every version of a report whose note is erased shows no note, also those before the
     * erasure, so the versions themselves cannot tell.)
     */
    private static final Map<String, List<Object>> ERASED = Map.of("note_erased", List.of(false, true));

    /** The events that carry a report's note ({@code VerdictGiven}'s note is the coordinator's, not the reporter's). */
    private static final java.util.Set<String> NOTE_EVENTS = java.util.Set.of("ClosureReported", "WalkoutReported",
            "HeadcountReported", "ClosureCorrected", "WalkoutCorrected", "HeadcountCorrected");

    /**
     * Every event of one report, in order, with what each changed; a headcount also with its plausibility at
     * {@code at} as known at {@code knownAt} (both now by default).
     */
    @GetMapping("/api/days/{dayId}/reports/{reportId}/history")
    @Operation(operationId = "getReportHistory", summary = "Read a report's history",
            description = "AUDITOR, COORDINATOR: every event of the report with what each changed; a headcount also "
                    + "with its plausibility in the view at T as known at K (now by default).")
    @ApiResponse(responseCode = "200", description = "The history")
    History history(@PathVariable String dayId, @PathVariable UUID reportId, @RequestParam(required = false) Instant at,
                    @RequestParam(required = false) Instant knownAt, @RequestParam(defaultValue = "ALL") Mode mode) {
        existing(dayId);
        List<EventLog.LoggedEvent> events = log.ofAggregate(dayId, reportId.toString());
        if (events.isEmpty()) {
            throw new NotFound("No report " + reportId + " in day " + dayId);
        }
        Map<Long, Map<String, List<Object>>> changes = log.changesOf(reportId.toString());
        Plausibility judged = plausibility.rallyOf(dayId, reportId)
                .map(rally -> plausibility(dayId, reportId, rally, at, knownAt, mode)).orElse(null);
        boolean noteErased = events.stream().anyMatch(e -> e.type().equals("NoteErased"));
        return new History(reportId, dayId, events.stream()
                .map(e -> noteErased ? withoutPlaintextNote(e) : e)
                .map(e -> new HistoryEntry(e, e.type().equals("NoteErased") ? ERASED
                        : changes.getOrDefault(e.position(), Map.of())))
                .toList(), judged, noteErased);
    }

    /** The event with the report's note left out of its payload, if it carries one in plaintext. */
    private static EventLog.LoggedEvent withoutPlaintextNote(EventLog.LoggedEvent e) {
        if (!NOTE_EVENTS.contains(e.type()) || !(e.payload() instanceof ObjectNode payload)
                || payload.path("note").isNull() || payload.path("note").isMissingNode()) {
            return e;
        }
        ObjectNode erased = payload.deepCopy();
        erased.putNull("note");
        return new EventLog.LoggedEvent(e.position(), e.type(), e.payloadType(), e.aggregateId(), e.sequence(),
                e.eventId(), e.recordedAt(), erased, e.metadata());
    }

    private Plausibility plausibility(String dayId, UUID reportId, String rally, Instant at, Instant knownAt, Mode mode) {
        Instant now = clock.instant();
        if (knownAt != null && knownAt.isAfter(now)) {
            throw new InvalidParameter("knownAt", "must not be in the future: what will be known then is not known yet");
        }
        Instant k = knownAt == null ? now : knownAt;
        TallyQuery.View view = (at == null && knownAt == null ? tallies.liveView(dayId, mode)
                : tallies.view(dayId, at == null ? k : at, k, mode, false))
                .orElseThrow(() -> new NotFound("No day of action " + dayId));
        RallyCheck check = this.plausibility.rallies(dayId, List.of(rally), view.at(), view.knownAt(),
                view.evaluation().position, mode).getOrDefault(rally, RallyCheck.NONE);
        Optional<PlausibilityRules.Judged> judged = check.of(reportId);
        return new Plausibility(view.at(), view.knownAt(), mode, judged.isPresent(), FeedFlags.flags(check, judged),
                judged.map(PlausibilityRules.Judged::others).orElse(check.reporters()),
                judged.map(PlausibilityRules.Judged::othersMedian).orElse(null), check.reporters(), check.methods(),
                check.flags());
    }

    private Instant knownAt(String dayId, Instant knownAt) {
        Instant now = clock.instant();
        if (knownAt != null && knownAt.isAfter(now)) {
            throw new InvalidParameter("knownAt", "must not be in the future: what will be known then is not known yet");
        }
        existing(dayId);
        return knownAt == null ? now : knownAt;
    }

    private ResponseEntity<StreamingResponseBody> attachment(String name, String type, StreamingResponseBody body) {
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .contentType(MediaType.parseMediaType(type))
                .body(downloads.start(body));
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
