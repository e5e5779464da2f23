package org.standstill.command.campaign;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.standstill.api.campaign.CampaignCreated;
import org.standstill.api.campaign.CreateCampaign;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A campaign: days of action in many cities that count together. Days join it (their own events say so). */
@Aggregate
class Campaign {

    @AggregateIdentifier
    private String campaignId;

    Campaign() {
        // for Axon
    }

    @CommandHandler
    Campaign(CreateCampaign command) {
        apply(new CampaignCreated(command.campaignId(), command.name()));
    }

    @EventSourcingHandler
    void on(CampaignCreated event) {
        campaignId = event.campaignId();
    }
}
