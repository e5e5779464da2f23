package org.standstill.api;

/** An event that belongs to one day of action: the audit log of a day is every event that says so. */
public interface DayEvent {

    String dayId();
}
