package org.standstill.query.tally;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.standstill.query.day.ZoneIndex;
import org.standstill.query.tally.DayIndex.Version;
import org.standstill.query.tally.TallyEngine.Evaluation;
import org.standstill.query.tally.TallyEnginePropertiesTest.History;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign's live view ({@link CampaignLive}: a live view of each member day kept for it, and one sum of their
 * crowd estimates' steps) against each member day evaluated whole at the same (T, K, mode), while the days' indexes
 * grow and days join and leave the campaign; and the peak of the summed estimate ({@link TallyEngine#peakOfSum})
 * against the sum of the days' estimates evaluated at every moment one of them may change.
 */
class CampaignLivePropertiesTest {

    static final String CAMPAIGN = "mayday";

    @Property(tries = 150)
    void theCampaignsLiveView_isItsMemberDaysEvaluatedWhole_withThePeakOfTheirSum(
            @ForAll @IntRange(min = 2, max = 4) int dayCount, @ForAll @IntRange(min = 1, max = 25) int reports,
            @ForAll long seed) {
        Random random = new Random(seed);
        Mode mode = random.nextBoolean() ? Mode.ALL : Mode.VERIFIED;
        List<DayIndex> days = new ArrayList<>();
        List<List<Version>> pending = new ArrayList<>();
        long dayPosition = 1_000_000;
        Instant k = TallyEnginePropertiesTest.BASE.minusSeconds(3 * 3600);
        for (int d = 0; d < dayCount; d++) {
            History history = TallyEnginePropertiesTest.history(reports, seed + 31L * d);
            DayIndex day = new DayIndex("day-" + d);
            LiveTallyPropertiesTest.describeAll(day, history, random, false);
            day.dayEvent(k.minusSeconds(7200), dayPosition++, new ZoneIndex(LiveTallyPropertiesTest.NORTH_SOUTH),
                    random.nextBoolean() ? CAMPAIGN : null, "LIVE");
            days.add(day);
            pending.add(new ArrayList<>(history.versions()));
        }
        CampaignLive live = new CampaignLive(mode);
        Instant t = TallyEnginePropertiesTest.BASE.minusSeconds(3600);
        for (int step = 0; step < 30; step++) {
            for (int d = 0; d < dayCount; d++) {
                List<Version> left = pending.get(d);
                for (int i = random.nextInt(4); i > 0 && !left.isEmpty(); i--) {
                    days.get(d).append(left.remove(0));
                }
            }
            if (random.nextInt(4) == 0) {
                // a day joins the campaign, or leaves it
                DayIndex day = days.get(random.nextInt(dayCount));
                day.dayEvent(k.minusSeconds(random.nextInt(30)), dayPosition++,
                        new ZoneIndex(LiveTallyPropertiesTest.NORTH_SOUTH),
                        CAMPAIGN.equals(day.campaignAt(TallyEngine.EVERYTHING)) ? null : CAMPAIGN, "LIVE");
            }
            t = random.nextInt(12) == 0 ? t.minusSeconds(random.nextInt(1800)) // the clock went back
                    : t.plusSeconds(random.nextInt(900)).plusNanos(1000L * random.nextInt(1_000_000));
            k = random.nextInt(10) == 0 ? k.minusSeconds(random.nextInt(60)) : k.plusSeconds(random.nextInt(900));
            Instant knownAt = k;
            CampaignLive.View view = live.at(Clock.fixed(t, ZoneOffset.UTC), now -> knownAt,
                    at -> days.stream().filter(day -> CAMPAIGN.equals(day.campaignAt(at))).toList());

            List<DayIndex> members = days.stream().filter(day -> CAMPAIGN.equals(day.campaignAt(knownAt))).toList();
            String where = "T=" + t + " K=" + k + " " + mode + " step " + step;
            assertThat(view.days().stream().map(p -> p.day().dayId()).toList()).as(where)
                    .isEqualTo(members.stream().map(DayIndex::dayId).toList());
            List<TallyEngine.EstimateSteps> steps = new ArrayList<>();
            for (CampaignLive.Part part : view.days()) {
                Evaluation whole = TallyEngine.withSteps(part.day(), t, k, mode);
                steps.add(whole.estimateSteps);
                assertThat(part.evaluation().businesses).as(where).isEqualTo(whole.businesses);
                assertThat(part.evaluation().walkouts).as(where).isEqualTo(whole.walkouts);
                assertThat(part.evaluation().crowd).as(where).isEqualTo(whole.crowd);
                assertThat(part.evaluation().reports).as(where).isEqualTo(whole.reports);
                assertThat(part.evaluation().position).as(where).isEqualTo(whole.position);
            }
            long[] expected = peakBySummingAtEveryChange(members, t, k, mode);
            assertThat(TallyEngine.peakOfSum(steps)).as(where + ": the peak of the days' steps").containsExactly(expected);
            assertThat(view.peak()).as(where + ": the live peak").isEqualTo(expected[0]);
            assertThat(view.peakAt()).as(where + ": when").isEqualTo(expected[1] == Long.MIN_VALUE ? null
                    : TallyEngine.instant(expected[1]));
        }
    }

    /** The highest sum of the days' estimates at any moment up to T at which one of them may change, and the earliest. */
    private static long[] peakBySummingAtEveryChange(List<DayIndex> days, Instant t, Instant k, Mode mode) {
        TreeSet<Long> moments = new TreeSet<>();
        long kMicros = TallyEngine.micros(k);
        for (DayIndex day : days) {
            for (int r = 0; r < day.reports; r++) {
                int v = day.versionAt(r, kMicros);
                if (v >= 0) {
                    moments.add(day.versionObserved[v]);
                    moments.add(day.versionObserved[v] + TallyEngine.WINDOW);
                }
            }
        }
        long peak = 0;
        long peakAt = Long.MIN_VALUE;
        for (long moment : moments.headSet(TallyEngine.micros(t), true)) {
            long sum = 0;
            for (DayIndex day : days) {
                sum += TallyEngine.evaluate(day, TallyEngine.instant(moment), k, mode, false).crowd.estimate();
            }
            if (sum > peak) {
                peak = sum;
                peakAt = moment;
            }
        }
        return new long[]{peak, peakAt};
    }
}
