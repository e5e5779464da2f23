package org.standstill.command.day;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.standstill.api.day.CampaignChosen;
import org.standstill.api.day.ChooseCampaign;
import org.standstill.api.day.CloseDay;
import org.standstill.api.day.DayClosed;
import org.standstill.api.day.DayOpened;
import org.standstill.api.day.DayPlanned;
import org.standstill.api.day.OpenDay;
import org.standstill.api.day.PlanDay;
import org.standstill.api.day.ReplaceZones;
import org.standstill.api.day.Zone;
import org.standstill.api.day.ZonesReplaced;
import org.standstill.api.report.Location;
import org.standstill.command.config.Conflict;

import java.time.Instant;
import java.util.List;

class DayOfActionTest {

    static final String DAY = "mpls-2026-01-23";
    static final String CAMPAIGN = "mayday-2026";
    static final Instant STARTS = Instant.parse("2026-01-23T12:00:00Z");
    static final Instant ENDS = Instant.parse("2026-01-24T06:00:00Z");
    static final List<Zone> ZONES = List.of(new Zone("Downtown",
            "{\"type\":\"Polygon\",\"coordinates\":[[[-93.29,44.97],[-93.25,44.97],[-93.25,44.99],[-93.29,44.97]]]}"));
    static final DayPlanned PLANNED = new DayPlanned(DAY, "Day of Truth and Freedom", "Minneapolis",
            "America/Chicago", STARTS, ENDS, ZONES, null);

    FixtureConfiguration<DayOfAction> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DayOfAction.class);
    }

    @Nested
    class Planning {
        @Test
        void plan_createsAPlannedDay_withItsZones() {
            fixture.givenNoPriorActivity()
                    .when(new PlanDay(DAY, "Day of Truth and Freedom", "Minneapolis", "America/Chicago", STARTS, ENDS, ZONES,
                            null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(PLANNED);
        }

        @Test
        void plan_withACampaign_plansTheDayAndChoosesTheCampaign() {
            Location city = new Location(44.98, -93.27);
            fixture.givenNoPriorActivity()
                    .when(new PlanDay(DAY, "Day of Truth and Freedom", "Minneapolis", "America/Chicago", STARTS, ENDS, ZONES,
                            city, CAMPAIGN))
                    .expectEvents(new DayPlanned(DAY, "Day of Truth and Freedom", "Minneapolis", "America/Chicago",
                            STARTS, ENDS, ZONES, city), new CampaignChosen(DAY, CAMPAIGN));
        }
    }

    @Nested
    class ChoosingTheCampaign {
        @Test
        void chooseCampaign_joinsOne_whilePlanned() {
            fixture.given(PLANNED)
                    .when(new ChooseCampaign(DAY, CAMPAIGN))
                    .expectEvents(new CampaignChosen(DAY, CAMPAIGN))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void chooseCampaign_movesToAnotherOrToNone_whilePlanned() {
            fixture.given(PLANNED, new CampaignChosen(DAY, CAMPAIGN))
                    .when(new ChooseCampaign(DAY, null))
                    .expectEvents(new CampaignChosen(DAY, null));
        }

        @Test
        void chooseCampaign_storesNothing_whenTheDayBelongsToItAlready() {
            fixture.given(PLANNED, new CampaignChosen(DAY, CAMPAIGN))
                    .when(new ChooseCampaign(DAY, CAMPAIGN))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void chooseCampaign_fails_onceLive() {
            fixture.given(PLANNED, new DayOpened(DAY))
                    .when(new ChooseCampaign(DAY, CAMPAIGN))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class ReplacingZones {
        @Test
        void replaceZones_succeeds_whilePlanned() {
            fixture.given(PLANNED)
                    .when(new ReplaceZones(DAY, List.of()))
                    .expectEvents(new ZonesReplaced(DAY, List.of()))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void replaceZones_fails_onceLive() {
            fixture.given(PLANNED, new DayOpened(DAY))
                    .when(new ReplaceZones(DAY, List.of()))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Opening {
        @Test
        void open_makesAPlannedDayLive() {
            fixture.given(PLANNED)
                    .when(new OpenDay(DAY))
                    .expectEvents(new DayOpened(DAY));
        }

        @Test
        void open_fails_whenAlreadyLive() {
            fixture.given(PLANNED, new DayOpened(DAY))
                    .when(new OpenDay(DAY))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Closing {
        @Test
        void close_endsALiveDay() {
            fixture.given(PLANNED, new DayOpened(DAY))
                    .when(new CloseDay(DAY))
                    .expectEvents(new DayClosed(DAY))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void close_fails_whenStillPlanned() {
            fixture.given(PLANNED)
                    .when(new CloseDay(DAY))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void close_fails_whenAlreadyClosed() {
            fixture.given(PLANNED, new DayOpened(DAY), new DayClosed(DAY))
                    .when(new CloseDay(DAY))
                    .expectException(Conflict.class)
                    .expectNoEvents();
        }
    }
}
