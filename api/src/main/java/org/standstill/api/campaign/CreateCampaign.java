package org.standstill.api.campaign;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateCampaign(@TargetAggregateIdentifier String campaignId, String name) {
}
