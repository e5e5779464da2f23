package org.standstill.command.campaign;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.standstill.api.campaign.CampaignCreated;

/**
 * The campaigns a day may choose, kept by the command side itself. A subscribing processor: written in the same
 * transaction as the campaign's creation. A campaign is never removed, so a day that saw it may always join it.
 */
@Component
@ProcessingGroup("campaign-lookup")
public class CampaignLookup {

    private final JdbcClient jdbc;

    CampaignLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String campaignId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM campaign_lookup WHERE campaign_id = ?)").param(campaignId)
                .query(Boolean.class).single();
    }

    @EventHandler
    void on(CampaignCreated event) {
        jdbc.sql("INSERT INTO campaign_lookup (campaign_id, name) VALUES (?, ?)")
                .params(event.campaignId(), event.name()).update();
    }
}
