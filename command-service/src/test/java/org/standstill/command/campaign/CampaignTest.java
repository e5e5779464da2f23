package org.standstill.command.campaign;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import org.standstill.api.campaign.CampaignCreated;
import org.standstill.api.campaign.CreateCampaign;

class CampaignTest {

    @Test
    void create_startsACampaign_withItsName() {
        new AggregateTestFixture<>(Campaign.class)
                .givenNoPriorActivity()
                .when(new CreateCampaign("mayday-2026", "May Day 2026"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CampaignCreated("mayday-2026", "May Day 2026"));
    }
}
