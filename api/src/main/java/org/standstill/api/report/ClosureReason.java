package org.standstill.api.report;

public enum ClosureReason {
    OWNER_SOLIDARITY, WORKER_ACTION, PRECAUTION, UNKNOWN
}
