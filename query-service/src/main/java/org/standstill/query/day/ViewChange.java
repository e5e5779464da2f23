package org.standstill.query.day;

import java.util.Optional;

/**
 * What changed in a day's views, as sent between query-service instances in a PostgreSQL
 * notification: a report (and its subject), a subject alone (passing time changed it), or just the day.
 */
public record ViewChange(String dayId, Optional<String> reportId, Optional<String> subjectId) {

    public static ViewChange day(String dayId) {
        return new ViewChange(dayId, Optional.empty(), Optional.empty());
    }

    public static ViewChange report(String dayId, String reportId, String subjectId) {
        return new ViewChange(dayId, Optional.of(reportId), Optional.of(subjectId));
    }

    public static ViewChange subject(String dayId, String subjectId) {
        return new ViewChange(dayId, Optional.empty(), Optional.of(subjectId));
    }

    /** Day ids are slugs and report ids UUIDs, so tabs separate the parts. */
    public String payload() {
        return dayId + "\t" + reportId.orElse("") + "\t" + subjectId.orElse("");
    }

    public static ViewChange parse(String payload) {
        String[] parts = payload.split("\t", 3);
        return new ViewChange(parts[0], part(parts, 1), part(parts, 2));
    }

    private static Optional<String> part(String[] parts, int i) {
        return parts.length > i && !parts[i].isEmpty() ? Optional.of(parts[i]) : Optional.empty();
    }
}
