package org.standstill.api.day;

import org.axonframework.serialization.Revision;
import org.standstill.api.DayEvent;

/** The day belongs to this campaign from now on (null: to none). Only while the day is PLANNED. */
@Revision("1")
public record CampaignChosen(String dayId, String campaignId) implements DayEvent {
}
