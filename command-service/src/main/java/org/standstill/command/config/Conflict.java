package org.standstill.command.config;

/** A domain refusal: the request is well formed but the state does not allow it (409). */
public class Conflict extends RuntimeException {

    /** The problem type of a change refused because the report is retracted, for clients to recognise. */
    public static final String REPORT_RETRACTED = "/problems/report-retracted";
    /** The day is not in the status the change needs (e.g. reporting on a PLANNED day, planning a LIVE one). */
    public static final String DAY_STATUS = "/problems/day-status";
    /** The day is CLOSED and takes no new content. */
    public static final String DAY_CLOSED = "/problems/day-closed";
    /** A day with this id exists already. */
    public static final String DAY_EXISTS = "/problems/day-exists";
    /** A campaign with this id exists already (or another stream of the log has the id). */
    public static final String CAMPAIGN_EXISTS = "/problems/campaign-exists";
    /** The reportId was used before with other content. */
    public static final String REPORT_ID_TAKEN = "/problems/report-id-taken";
    /** The report's note was erased: it takes no new note. */
    public static final String NOTE_ERASED = "/problems/note-erased";
    public static final String INVITE_USED = "/problems/invite-used";
    public static final String INVITE_EXPIRED = "/problems/invite-expired";
    /** Any other refusal. */
    public static final String CONFLICT = "/problems/conflict";

    private final String type;

    public Conflict(String message) {
        this(null, message);
    }

    public Conflict(String type, String message) {
        super(message);
        this.type = type;
    }

    /** A stable problem type URI ({@link #CONFLICT} for a plain conflict). */
    public String type() {
        return type != null ? type : CONFLICT;
    }
}
