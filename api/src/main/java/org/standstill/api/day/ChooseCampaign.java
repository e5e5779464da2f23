package org.standstill.api.day;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The campaign a PLANNED day belongs to; null: none. */
public record ChooseCampaign(@TargetAggregateIdentifier String dayId, String campaignId) {
}
