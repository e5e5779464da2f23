package org.standstill.api.report;

/** A coordinator's verdict on a report; the latest stands, and a correction resets it. */
public enum Verdict {
    VERIFIED, DISPUTED
}
