package org.standstill.query.tally;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.standstill.api.day.Zone;
import org.standstill.query.day.ZoneIndex;
import org.standstill.query.tally.DayIndex.Version;
import org.standstill.query.tally.TallyEngine.Evaluation;
import org.standstill.query.tally.TallyEnginePropertiesTest.History;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live view kept up to date by what changed ({@link LiveTally}) against a whole evaluation of the day
 * ({@link TallyEngine#evaluate}) at the same (T, K, mode), while the day's index grows: versions appended a few at a
 * time, zones replaced, subjects described again and moved; T moving on (and now and then back), K moving on, stepping
 * back a little (an event of a slower transaction) or far.
 */
class LiveTallyPropertiesTest {

    static final List<Zone> NORTH_SOUTH = List.of(
            new Zone("north", square(44.95, 45.1)), new Zone("south", square(44.8, 44.95)));
    static final List<Zone> SOUTH_ONLY = List.of(new Zone("south", square(44.8, 44.95)));

    static String square(double fromLat, double toLat) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[-93.5," + fromLat + "],[-93.0," + fromLat + "],[-93.0," + toLat
                + "],[-93.5," + toLat + "],[-93.5," + fromLat + "]]]}";
    }

    @Property(tries = 300)
    void theLiveViewAfterEveryChange_isTheWholeEvaluationAtTheSameMoment(
            @ForAll @IntRange(min = 1, max = 40) int reports, @ForAll long seed) {
        History history = TallyEnginePropertiesTest.history(reports, seed);
        Random random = new Random(seed ^ 0x5eed);
        Mode mode = random.nextBoolean() ? Mode.ALL : Mode.VERIFIED;
        DayIndex day = new DayIndex("day");
        describeAll(day, history, random, false);
        LiveTally live = day.live(mode);
        Instant t = history.first();
        Instant k = TallyEnginePropertiesTest.BASE.minusSeconds(3 * 3600);
        List<Version> versions = history.versions();
        int appended = 0;
        while (appended < versions.size() || random.nextInt(4) != 0) {
            int more = Math.min(versions.size() - appended, random.nextInt(4));
            for (int i = 0; i < more; i++) {
                day.append(versions.get(appended++));
            }
            long position = appended == 0 ? 0 : versions.get(appended - 1).position();
            switch (random.nextInt(12)) {
                case 0 -> day.dayEvent(k.minusSeconds(random.nextInt(300)), position,
                        new ZoneIndex(random.nextBoolean() ? NORTH_SOUTH : SOUTH_ONLY), null, "LIVE");
                case 1 -> describeAll(day, history, random, true);
                default -> {
                }
            }
            t = switch (random.nextInt(10)) {
                case 0 -> t.minusSeconds(random.nextInt(1800)); // the clock went back
                case 1, 2 -> t;
                default -> t.plusSeconds(random.nextInt(1200)).plusNanos(1000L * random.nextInt(1_000_000));
            };
            k = switch (random.nextInt(10)) {
                case 0 -> k.minusSeconds(random.nextInt(90)); // a slower transaction's event came to light
                case 1 -> k.minusSeconds(3600);
                case 2 -> TallyEngine.EVERYTHING;
                default -> (k.equals(TallyEngine.EVERYTHING) ? history.last() : k).plusSeconds(random.nextInt(600));
            };
            Evaluation whole = TallyEngine.evaluate(day, t, k, mode);
            Evaluation kept = live.at(t, k);
            String view = "T=" + t + " K=" + k + " " + mode + " after " + appended + " versions";
            assertThat(kept.businesses).as(view).isEqualTo(whole.businesses);
            assertThat(kept.walkouts).as(view).isEqualTo(whole.walkouts);
            assertThat(kept.crowd).as(view).isEqualTo(whole.crowd);
            assertThat(kept.reports).as(view).isEqualTo(whole.reports);
            assertThat(kept.position).as(view).isEqualTo(whole.position);
            assertThat(kept.nextChange).as(view + " next change").isEqualTo(whole.nextChange);
            assertThat(kept.subjects()).as(view).isEqualTo(whole.subjects());
        }
    }

    @Property(tries = 100)
    void aSnapshotHandedOut_keepsItsFiguresWhileTheLiveViewMovesOn(@ForAll @IntRange(min = 2, max = 40) int reports,
                                                                   @ForAll long seed) {
        History history = TallyEnginePropertiesTest.history(reports, seed);
        DayIndex day = new DayIndex("day");
        describeAll(day, history, new Random(seed), false);
        List<Version> versions = history.versions();
        int half = versions.size() / 2;
        versions.subList(0, half).forEach(day::append);
        LiveTally live = day.live(Mode.ALL);
        Instant t = TallyEnginePropertiesTest.BASE;
        Evaluation early = live.at(t, TallyEngine.EVERYTHING);
        List<TallyEngine.SubjectFigures> figures = early.subjects();
        versions.subList(half, versions.size()).forEach(day::append);
        live.at(t.plusSeconds(3600), TallyEngine.EVERYTHING);
        assertThat(early.subjects()).isEqualTo(figures);
    }

    /** The subjects as TallyEnginePropertiesTest describes them; described again, some move and some change kind. */
    static void describeAll(DayIndex day, History history, Random random, boolean again) {
        history.sectors().forEach((subject, sector) -> day.describe(new DayIndex.Subject(subject,
                again && random.nextInt(8) == 0 ? Kind.WALKOUT : Kind.CLOSURE, subject, sector,
                again ? 44.9 + random.nextInt(2) * 0.08 : 44.97, -93.26)));
        for (String subject : List.of("w0", "w1", "w2")) {
            day.describe(new DayIndex.Subject(subject, Kind.WALKOUT, subject, "HEALTHCARE", 44.9, -93.2));
        }
        for (String subject : List.of("h0", "h1", "h2")) {
            day.describe(new DayIndex.Subject(subject, again && random.nextInt(8) == 0 ? Kind.CLOSURE : Kind.HEADCOUNT,
                    subject, null, 44.98, -93.27));
        }
    }
}
