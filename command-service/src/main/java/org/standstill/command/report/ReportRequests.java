package org.standstill.command.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.standstill.api.report.Business;
import org.standstill.api.report.ClosureReason;
import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.Location;
import org.standstill.api.report.Sector;
import org.standstill.api.report.SubmitClosure;

import java.time.Instant;
import java.util.UUID;

/** Report bodies as clients send them (API.md), one record per kind. */
final class ReportRequests {

    private ReportRequests() {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind", visible = true)
    @JsonSubTypes({@JsonSubTypes.Type(value = ClosureRequest.class, name = "CLOSURE")})
    sealed interface ReportRequest permits ClosureRequest {
        UUID reportId();

        Instant observedAt();

        /** The command this report becomes, once its input has been validated. */
        Submission toSubmission(String dayId, String reporterId);
    }

    record Submission(String subjectId, Object command) {
    }

    record ClosureRequest(@NotNull UUID reportId,
                          @NotNull Instant observedAt,
                          @Size(max = 1000) String note,
                          @NotNull @Valid BusinessRequest business,
                          @NotNull ClosureStatus status,
                          ClosureReason reason) implements ReportRequest {

        @Override
        public Submission toSubmission(String dayId, String reporterId) {
            String subjectId = business.id() != null ? business.id()
                    : SubjectIds.business(dayId, business.name(), business.location().toLocation());
            return new Submission(subjectId, new SubmitClosure(reportId, dayId, reporterId, subjectId, observedAt,
                    business.toBusiness(), status, reason, note));
        }
    }

    record BusinessRequest(@Size(min = 1, max = 200) String id,
                           @NotBlank @Size(max = 200) String name,
                           @Size(max = 300) String address,
                           @NotNull @Valid LocationRequest location,
                           @NotNull Sector sector) {

        Business toBusiness() {
            return new Business(id, name.strip(), address, location.toLocation(), sector);
        }
    }

    record LocationRequest(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
                           @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {

        Location toLocation() {
            return new Location(lat, lon);
        }
    }
}
