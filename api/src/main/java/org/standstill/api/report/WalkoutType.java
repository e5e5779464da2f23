package org.standstill.api.report;

public enum WalkoutType {
    WALKOUT, SICKOUT, STUDENT_WALKOUT
}
