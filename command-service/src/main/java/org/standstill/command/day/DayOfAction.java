package org.standstill.command.day;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.standstill.api.day.CampaignChosen;
import org.standstill.api.day.ChooseCampaign;
import org.standstill.api.day.CloseDay;
import org.standstill.api.day.DayClosed;
import org.standstill.api.day.DayOpened;
import org.standstill.api.day.DayPlanned;
import org.standstill.api.day.OpenDay;
import org.standstill.api.day.PlanDay;
import org.standstill.api.day.ReplaceZones;
import org.standstill.api.day.ZonesReplaced;
import org.standstill.command.config.Conflict;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * A day of action: PLANNED → LIVE → CLOSED; its zones and its campaign may be changed only while PLANNED.
 * Handlers answer the sequence number of the day's last event (the one they applied, if any).
 */
@Aggregate
class DayOfAction {

    @AggregateIdentifier
    private String dayId;
    private DayStatus status;
    private String campaignId;

    DayOfAction() {
        // for Axon
    }

    @CommandHandler
    DayOfAction(PlanDay command) {
        apply(new DayPlanned(command.dayId(), command.name(), command.city(), command.timeZone(),
                command.startsAt(), command.endsAt(), command.zones(), command.location()));
        if (command.campaignId() != null) {
            apply(new CampaignChosen(command.dayId(), command.campaignId()));
        }
    }

    /** Choosing the campaign the day already belongs to changes nothing: no event. */
    @CommandHandler
    Long handle(ChooseCampaign command) {
        require(DayStatus.PLANNED, "The campaign may be chosen only while the day is PLANNED");
        if (!Objects.equals(campaignId, command.campaignId())) {
            apply(new CampaignChosen(dayId, command.campaignId()));
        }
        return getVersion();
    }

    @CommandHandler
    Long handle(ReplaceZones command) {
        require(DayStatus.PLANNED, "Zones may be replaced only while the day is PLANNED");
        apply(new ZonesReplaced(dayId, command.zones()));
        return getVersion();
    }

    @CommandHandler
    Long handle(OpenDay command) {
        require(DayStatus.PLANNED, "Only a PLANNED day can be opened");
        apply(new DayOpened(dayId));
        return getVersion();
    }

    @CommandHandler
    Long handle(CloseDay command) {
        require(DayStatus.LIVE, "Only a LIVE day can be closed");
        apply(new DayClosed(dayId));
        return getVersion();
    }

    private void require(DayStatus expected, String refusal) {
        if (status != expected) {
            throw new Conflict(Conflict.DAY_STATUS, refusal + "; day " + dayId + " is " + status);
        }
    }

    @EventSourcingHandler
    void on(DayPlanned event) {
        dayId = event.dayId();
        status = DayStatus.PLANNED;
    }

    @EventSourcingHandler
    void on(CampaignChosen event) {
        campaignId = event.campaignId();
    }

    @EventSourcingHandler
    void on(DayOpened event) {
        status = DayStatus.LIVE;
    }

    @EventSourcingHandler
    void on(DayClosed event) {
        status = DayStatus.CLOSED;
    }
}
