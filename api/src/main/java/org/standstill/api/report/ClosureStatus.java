package org.standstill.api.report;

/** PARTIAL means open but disrupted (sick-outs, managers running the store). */
public enum ClosureStatus {
    CLOSED, PARTIAL, OPEN
}
