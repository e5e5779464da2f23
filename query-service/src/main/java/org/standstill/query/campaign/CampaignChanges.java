package org.standstill.query.campaign;

import io.swagger.v3.oas.annotations.media.Schema;
import org.standstill.query.tally.Tally;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed in a campaign's live tally since the last message of its changes' topic
 * ({@code /topic/campaigns/{campaignId}/days}): the campaign's totals as {@link CampaignTally} has them, the member days
 * whose own tally changed or that joined, and the days that left. A national dashboard of hundreds of cities gets a
 * few of them a message instead of all of them; it applies a message to the snapshot it read
 * ({@code GET /api/campaigns/{campaignId}/tally}) and to the messages before, those with a lower position ignored.
 */
@Schema(description = "A campaign's totals now, the member days whose tally changed or that joined since the last "
        + "message of this topic, and the days that left")
public record CampaignChanges(String campaignId, Instant at, Instant knownAt, Mode mode, long position,
                              CampaignTally.Totals totals, List<CampaignTally.Day> days, List<String> left) {

    /** A day as a message shows it, without the moments every message has anew. */
    private record Shown(String name, String city, String timeZone, String status, long position,
                         Tally.Businesses businesses, Tally.Walkouts walkouts, Tally.Crowd crowd, Tally.Reports reports) {

        static Shown of(CampaignTally.Day d) {
            return new Shown(d.name(), d.city(), d.timeZone(), d.status(), d.tally().position(),
                    d.tally().businesses(), d.tally().walkouts(), d.tally().crowd(), d.tally().reports());
        }
    }

    /** What was sent of a day, and the first moment after it at which passing time alone may change it (or null). */
    private record Sent(Shown shown, Instant nextChange) {
    }

    /** The changes of one campaign's live tally, message after message (one sender at a time). */
    public static final class Since {
        private final Map<String, Sent> sent = new HashMap<>();

        /**
         * The changes from what this sent last to {@code now}, whose days change next by passing time alone at
         * {@code nextChanges} (by day id; absent: never); remembers {@code now} as sent. A day is in the message if its
         * figures differ from those sent, and also if a moment passed since at which time alone could change them: a
         * snapshot read in between may have caught a figure that has changed again since, back to what was sent (an
         * event changes the day's position as well, so that is never missed).
         */
        public CampaignChanges next(CampaignTally now, Map<String, Instant> nextChanges) {
            List<CampaignTally.Day> changed = new ArrayList<>();
            Set<String> members = new HashSet<>();
            for (CampaignTally.Day day : now.days()) {
                members.add(day.dayId());
                Shown shown = Shown.of(day);
                Sent before = sent.put(day.dayId(), new Sent(shown, nextChanges.get(day.dayId())));
                boolean timePassed = before != null && before.nextChange() != null
                        && !before.nextChange().isAfter(now.at());
                if (before == null || !before.shown().equals(shown) || timePassed) {
                    changed.add(day);
                }
            }
            List<String> left = sent.keySet().stream().filter(id -> !members.contains(id)).sorted().toList();
            left.forEach(sent::remove);
            return new CampaignChanges(now.campaignId(), now.at(), now.knownAt(), now.mode(), now.position(),
                    now.totals(), changed, left);
        }
    }
}
