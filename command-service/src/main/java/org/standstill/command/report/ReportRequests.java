package org.standstill.command.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.standstill.api.report.Business;
import org.standstill.api.report.ClosureReason;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.CorrectReport;
import org.standstill.api.report.HeadcountMethod;
import org.standstill.api.report.Rally;
import org.standstill.api.report.Sector;
import org.standstill.api.report.SubmitClosure;
import org.standstill.api.report.SubmitHeadcount;
import org.standstill.api.report.SubmitWalkout;
import org.standstill.api.report.Verdict;
import org.standstill.api.report.WalkoutType;
import org.standstill.api.report.Workplace;
import org.standstill.command.config.Checks;
import org.standstill.command.config.LocationRequest;
import org.standstill.command.config.PlainText;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Report bodies as clients send them (API.md and DOMAIN.md), one record per kind. */
final class ReportRequests {

    static final int MAX_PARTICIPANTS = 1_000_000;
    static final int MAX_HEADCOUNT = 10_000_000;

    private ReportRequests() {
    }

    /**
     * observedAt as the log keeps it: to the microsecond, the precision PostgreSQL keeps, so that the
     * event and every view of it compare alike.
     */
    static Instant stored(Instant observedAt) {
        return observedAt.truncatedTo(ChronoUnit.MICROS);
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind", visible = true)
    @JsonSubTypes({@JsonSubTypes.Type(value = ClosureRequest.class, name = "CLOSURE"),
            @JsonSubTypes.Type(value = WalkoutRequest.class, name = "WALKOUT"),
            @JsonSubTypes.Type(value = HeadcountRequest.class, name = "HEADCOUNT")})
    @Schema(description = "What every report carries; `kind` (CLOSURE, WALKOUT or HEADCOUNT) says which other "
            + "fields it has", discriminatorProperty = "kind", discriminatorMapping = {
            @DiscriminatorMapping(value = "CLOSURE", schema = ClosureRequest.class),
            @DiscriminatorMapping(value = "WALKOUT", schema = WalkoutRequest.class),
            @DiscriminatorMapping(value = "HEADCOUNT", schema = HeadcountRequest.class)})
    sealed interface ReportRequest permits ClosureRequest, WalkoutRequest, HeadcountRequest {
        UUID reportId();

        Instant observedAt();

        /** Rules that bean validation cannot express. */
        default void check(Checks.Errors errors) {
        }

        /** The command this report becomes, once its input has been validated. */
        Submission toSubmission(String dayId, String reporterId);
    }

    /**
     * A report ready to send: its subject, the command, the kind of subject it is of, and the field the subject's id
     * came from (the client's {@code id}, else the object it was derived from).
     */
    record Submission(String subjectId, Object command, Report.Kind kind, String subjectField) {
    }

    record ClosureRequest(@NotNull UUID reportId,
                          @NotNull Instant observedAt,
                          @Size(max = 1000) @PlainText(multiline = true) String note,
                          @NotNull @Valid BusinessRequest business,
                          @NotNull ClosureStatus status,
                          ClosureReason reason) implements ReportRequest {

        @Override
        public Submission toSubmission(String dayId, String reporterId) {
            String subjectId = business.id() != null ? business.id()
                    : SubjectIds.business(dayId, business.name(), business.location().toLocation());
            return new Submission(subjectId, new SubmitClosure(reportId, dayId, reporterId, subjectId, stored(observedAt),
                    business.toBusiness(), status, reason, note), Report.Kind.CLOSURE,
                    business.id() != null ? "business.id" : "business");
        }
    }

    record WalkoutRequest(@NotNull UUID reportId,
                          @NotNull Instant observedAt,
                          @Size(max = 1000) @PlainText(multiline = true) String note,
                          @NotNull @Valid WorkplaceRequest workplace,
                          @NotNull WalkoutType type,
                          @NotNull @Min(0) @Max(MAX_PARTICIPANTS) Integer participants,
                          @Min(0) @Max(MAX_HEADCOUNT) Integer workforce) implements ReportRequest {

        @Override
        public void check(Checks.Errors errors) {
            errors.require(workforce == null || participants == null || workforce >= participants,
                    "workforce", "must be at least participants");
        }

        @Override
        public Submission toSubmission(String dayId, String reporterId) {
            String subjectId = workplace.id() != null ? workplace.id()
                    : SubjectIds.workplace(dayId, workplace.name(), workplace.location().toLocation());
            return new Submission(subjectId, new SubmitWalkout(reportId, dayId, reporterId, subjectId, stored(observedAt),
                    workplace.toWorkplace(), type, participants, workforce, note), Report.Kind.WALKOUT,
                    workplace.id() != null ? "workplace.id" : "workplace");
        }
    }

    record HeadcountRequest(@NotNull UUID reportId,
                            @NotNull Instant observedAt,
                            @Size(max = 1000) @PlainText(multiline = true) String note,
                            @NotNull @Valid RallyRequest rally,
                            @NotNull @Min(1) @Max(MAX_HEADCOUNT) Integer headcount,
                            @NotNull HeadcountMethod method) implements ReportRequest {

        @Override
        public Submission toSubmission(String dayId, String reporterId) {
            String subjectId = rally.id() != null ? rally.id() : SubjectIds.rally(dayId, rally.name());
            return new Submission(subjectId, new SubmitHeadcount(reportId, dayId, reporterId, subjectId, stored(observedAt),
                    rally.toRally(), headcount, method, note), Report.Kind.HEADCOUNT,
                    rally.id() != null ? "rally.id" : "rally");
        }
    }

    record BusinessRequest(@Size(min = 1, max = 200) @PlainText String id,
                           @NotBlank @Size(max = 200) @PlainText String name,
                           @Size(max = 300) @PlainText String address,
                           @NotNull @Valid LocationRequest location,
                           @NotNull Sector sector) {

        Business toBusiness() {
            return new Business(id, name.strip(), address, location.toLocation(), sector);
        }
    }

    record WorkplaceRequest(@Size(min = 1, max = 200) @PlainText String id,
                            @NotBlank @Size(max = 200) @PlainText String name,
                            @Size(max = 200) @PlainText String employer,
                            @NotNull @Valid LocationRequest location,
                            @NotNull Sector sector) {

        Workplace toWorkplace() {
            return new Workplace(id, name.strip(), employer, location.toLocation(), sector);
        }
    }

    record RallyRequest(@Size(min = 1, max = 200) @PlainText String id,
                        @NotBlank @Size(max = 200) @PlainText String name,
                        @NotNull @Valid LocationRequest location) {

        Rally toRally() {
            return new Rally(id, name.strip(), location.toLocation());
        }
    }

    /** The figures of the report's kind, and optionally observedAt and note (absent: unchanged). */
    record CorrectionRequest(UUID correctionId,
                             Instant observedAt,
                             @Size(max = 1000) @PlainText(multiline = true) String note,
                             ClosureStatus status,
                             ClosureReason reason,
                             WalkoutType type,
                             @Min(0) @Max(MAX_PARTICIPANTS) Integer participants,
                             @Min(0) @Max(MAX_HEADCOUNT) Integer workforce,
                             @Min(1) @Max(MAX_HEADCOUNT) Integer headcount,
                             HeadcountMethod method) {

        CorrectReport toCommand(UUID reportId, String dayId, String by, boolean coordinator) {
            return new CorrectReport(reportId, dayId, correctionId, by, coordinator,
                    observedAt == null ? null : stored(observedAt), note, status, reason,
                    type, participants, workforce, headcount, method);
        }
    }

    record VerdictRequest(@NotNull Verdict verdict, @Size(max = 1000) @PlainText(multiline = true) String note) {
    }
}
