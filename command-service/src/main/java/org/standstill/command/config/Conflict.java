package org.standstill.command.config;

/** A domain refusal: the request is well formed but the state does not allow it (409). */
public class Conflict extends RuntimeException {

    /** The problem type of a change refused because the report is retracted, for clients to recognise. */
    public static final String REPORT_RETRACTED = "/problems/report-retracted";

    private final String type;

    public Conflict(String message) {
        this(null, message);
    }

    public Conflict(String type, String message) {
        super(message);
        this.type = type;
    }

    /** A stable problem type URI, or null for a plain conflict. */
    public String type() {
        return type;
    }
}
