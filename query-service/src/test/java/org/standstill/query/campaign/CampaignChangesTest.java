package org.standstill.query.campaign;

import org.junit.jupiter.api.Test;
import org.standstill.query.tally.Tally;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The campaign's changes' topic: each message carries the days that changed since the one before, and no others. */
class CampaignChangesTest {

    private static final Instant NOON = Instant.parse("2026-05-01T17:00:00Z");

    private static CampaignTally.Day day(String dayId, long position, long closed, long crowd, Instant at) {
        Tally tally = new Tally(dayId, at, at, Mode.ALL, position,
                new Tally.Businesses(closed, 0, 0, Map.of(), Map.of()), new Tally.Walkouts(0, 0, 0),
                new Tally.Crowd(crowd, crowd, crowd, crowd > 0 ? 1 : 0, crowd, null), new Tally.Reports(closed, 0, 0, 0));
        return new CampaignTally.Day(dayId, dayId, "City of " + dayId, "America/Chicago", "LIVE", tally);
    }

    private static CampaignTally campaign(Instant at, CampaignTally.Day... days) {
        long position = java.util.Arrays.stream(days).mapToLong(d -> d.tally().position()).max().orElse(0);
        return new CampaignTally("mayday-2026", at, at, Mode.ALL, position, null, List.of(days));
    }

    private static List<String> ids(CampaignChanges changes) {
        return changes.days().stream().map(CampaignTally.Day::dayId).toList();
    }

    @Test
    void theFirstMessage_carriesEveryDay_andTheNextOnlyTheDaysThatChanged() {
        CampaignChanges.Since since = new CampaignChanges.Since();

        CampaignChanges first = since.next(campaign(NOON, day("mpls", 10, 5, 0, NOON), day("chi", 12, 7, 0, NOON)),
                Map.of());
        Instant later = NOON.plusSeconds(1);
        CampaignChanges second = since.next(campaign(later, day("mpls", 10, 5, 0, later), day("chi", 14, 8, 0, later)),
                Map.of());
        Instant later2 = later.plusSeconds(1);
        CampaignChanges third = since.next(campaign(later2, day("mpls", 10, 5, 0, later2), day("chi", 14, 8, 0, later2)),
                Map.of());

        assertThat(ids(first)).containsExactly("mpls", "chi");
        assertThat(ids(second)).as("only the moments of mpls moved").containsExactly("chi");
        assertThat(second.days().get(0).tally().businesses().closed()).isEqualTo(8);
        assertThat(second.position()).isEqualTo(14);
        assertThat(ids(third)).isEmpty();
        assertThat(third.left()).isEmpty();
    }

    @Test
    void aDayThatLeaves_isNamedOnce_andOneThatJoins_comesWhole() {
        CampaignChanges.Since since = new CampaignChanges.Since();
        since.next(campaign(NOON, day("mpls", 10, 5, 0, NOON), day("chi", 12, 7, 0, NOON)), Map.of());

        CampaignChanges changes = since.next(campaign(NOON, day("mpls", 10, 5, 0, NOON), day("nyc", 20, 1, 0, NOON)),
                Map.of());
        CampaignChanges after = since.next(campaign(NOON, day("mpls", 10, 5, 0, NOON), day("nyc", 20, 1, 0, NOON)),
                Map.of());

        assertThat(changes.left()).containsExactly("chi");
        assertThat(ids(changes)).containsExactly("nyc");
        assertThat(after.left()).isEmpty();
        assertThat(ids(after)).isEmpty();
    }

    /**
     * Between two messages, a dashboard may read the snapshot at a moment when passing time had changed a day's crowd,
     * which changed back by the next message: that day is sent again although its figures equal those sent before.
     */
    @Test
    void aDayWhoseFiguresTimeAloneMayHaveChangedMeanwhile_isSentAgain_evenIfTheyAreAsBefore() {
        CampaignChanges.Since since = new CampaignChanges.Since();
        Instant windowMoves = NOON.plusSeconds(30);
        since.next(campaign(NOON, day("mpls", 10, 5, 400, NOON), day("chi", 12, 7, 0, NOON)),
                Map.of("mpls", windowMoves));

        Instant before = NOON.plusSeconds(20);
        CampaignChanges notYet = since.next(campaign(before, day("mpls", 10, 5, 400, before), day("chi", 12, 7, 0, before)),
                Map.of("mpls", windowMoves));
        Instant after = NOON.plusSeconds(40);
        CampaignChanges passed = since.next(campaign(after, day("mpls", 10, 5, 400, after), day("chi", 12, 7, 0, after)),
                Map.of("mpls", NOON.plusSeconds(3600)));

        assertThat(ids(notYet)).isEmpty();
        assertThat(ids(passed)).containsExactly("mpls");
    }
}
