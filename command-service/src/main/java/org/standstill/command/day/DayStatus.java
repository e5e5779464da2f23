package org.standstill.command.day;

public enum DayStatus {
    PLANNED, LIVE, CLOSED
}
