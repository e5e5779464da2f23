package org.standstill.api.campaign;

import org.axonframework.serialization.Revision;

/** A campaign (a national day of action, say) that days of action in many cities can join. */
@Revision("1")
public record CampaignCreated(String campaignId, String name) {
}
