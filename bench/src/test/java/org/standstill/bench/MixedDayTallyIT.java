package org.standstill.bench;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.standstill.bench.TallyOracle.Facts;
import org.standstill.bench.TallyOracle.Kind;
import org.standstill.bench.TallyOracle.Mode;
import org.standstill.bench.TallyOracle.Zone;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small hand-made day with every kind of report and every change a report can go through, whose tally is worked
 * out by hand (the arithmetic is in the comments) and checked figure by figure: now, at an instant in the past, and
 * as known at two moments between requests, in both modes. Then, on days of their own, how reports are grouped into
 * subjects, and a headcount leaving the live crowd when its hour is over.
 *
 * <p>Times: N0 is the test's start (whole seconds) and o(x) = N0 − 180 min + x min, so every observation lies in
 * the past. "Now" is N0 plus the few seconds the test takes (less than 30 min), so its crowd window
 * (now − 60 min, now] holds every observation from o(150) on and none up to o(120).
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedDayTallyIT {

    static final Zone DOWNTOWN = new Zone("Downtown", -93.29, 44.97, -93.25, 44.99);
    static final Zone LAKE_STREET = new Zone("Lake Street", -93.30, 44.94, -93.21, 44.955);
    static final List<String> ZONES = List.of(DOWNTOWN.name(), LAKE_STREET.name());

    record Place(String name, double lat, double lon, String sector) {
    }

    // Businesses: b1..b6, with their zones.
    static final Place KARMEL_MALL = new Place("Karmel Mall", 44.9800, -93.2700, "RETAIL");                     // Downtown
    static final Place MIDTOWN_MARKET = new Place("Midtown Global Market", 44.9480, -93.2600, "FOOD_SERVICE");  // Lake Street
    static final Place HMONGTOWN = new Place("Hmongtown Marketplace", 44.9766, -93.1077, "RETAIL");             // unzoned
    static final Place ORPHEUM = new Place("Orpheum Theatre", 44.9760, -93.2750, "CULTURE");                    // Downtown
    static final Place SEWARD_COOP = new Place("Seward Co-op", 44.9500, -93.2400, "FOOD_SERVICE");             // Lake Street
    static final Place LAKE_HOTEL = new Place("Lake Street Hotel", 44.9450, -93.2800, "HOSPITALITY");           // Lake Street
    // Workplaces.
    static final Place HCMC = new Place("HCMC nurses", 44.9730, -93.2620, "HEALTHCARE");
    static final Place SOUTH_HIGH = new Place("South High School", 44.9460, -93.2330, "EDUCATION");
    static final Place MSP1 = new Place("Amazon MSP1", 44.8600, -93.2000, "TRANSPORT");
    static final Place GARAGE = new Place("Metro Transit garage", 44.9640, -93.2900, "TRANSPORT");
    // Rallies.
    static final Place TARGET_CENTER = new Place("Target Center rally", 44.9795, -93.2761, null);
    static final Place CAPITOL = new Place("Capitol rally", 44.9553, -93.1022, null);

    /** A report as sent: its id, body, reporter and first answer. */
    record Sent(UUID id, Map<String, Object> body, String token, DayDriver.Timed answer) {
    }

    Platform platform;
    DayDriver driver;
    String a;
    String b;
    String c;
    Map<String, String> pseudonyms;

    String day;
    Instant n0;
    TallyOracle oracle;
    long lastPosition;

    @BeforeAll
    void signIn(Platform platform) {
        this.platform = platform;
        driver = new DayDriver(platform);
        a = driver.coordinator("mixed day A");
        b = driver.coordinator("mixed day B");
        c = driver.coordinator("mixed day C");
        pseudonyms = Map.of(a, "A", b, "B", c, "C");
    }

    Instant o(long minutes) {
        return n0.minus(180 - minutes, ChronoUnit.MINUTES);
    }

    @Test
    void aMixedDay_isTalliedExactly_now_inThePast_andAsKnownEarlier_inBothModes() throws Exception {
        n0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        day = "mixed-day-" + UUID.randomUUID().toString().substring(0, 8);
        driver.planAndOpen(a, day, n0.minus(4, ChronoUnit.HOURS), n0.plus(6, ChronoUnit.HOURS), List.of(DOWNTOWN, LAKE_STREET));
        oracle = new TallyOracle(List.of(DOWNTOWN, LAKE_STREET));

        // --- Closures ---
        Sent c1 = submit(a, closure(KARMEL_MALL, o(10), "CLOSED"));
        // A retry of the same submission is answered 200 with the same body, and stores nothing.
        DayDriver.Timed retry = driver.post(reports(), a, c1.body());
        assertThat(retry.status()).as(retry.answer().raw()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(c1.answer().body());
        // The same reportId with other content is a conflict, and stores nothing either.
        Map<String, Object> conflicting = new LinkedHashMap<>(c1.body());
        conflicting.put("status", "OPEN");
        DayDriver.Timed conflict = driver.post(reports(), a, conflicting);
        assertThat(conflict.status()).as(conflict.answer().raw()).isEqualTo(409);
        assertThat(driver.eventsOf(c1.id().toString())).isEqualTo(1);

        Sent c2 = submit(b, closure(KARMEL_MALL, o(30), "OPEN"));
        Sent c3 = submit(a, closure(MIDTOWN_MARKET, o(20), "PARTIAL"));
        Sent c4 = submit(c, closure(HMONGTOWN, o(40), "CLOSED"));
        Sent c5 = submit(b, closure(HMONGTOWN, o(40), "OPEN"));       // a tie with c4, submitted later
        Sent c6 = submit(a, closure(ORPHEUM, o(50), "CLOSED"));
        Sent c7 = submit(b, closure(SEWARD_COOP, o(60), "CLOSED"));
        Sent c8 = submit(c, closure(LAKE_HOTEL, o(70), "OPEN"));
        assertThat(c2.answer().body().path("subjectId").asString())
                .as("two reports of the same shop at the same place are about one subject")
                .isEqualTo(c1.answer().body().path("subjectId").asString())
                .isNotEqualTo(c3.answer().body().path("subjectId").asString());
        verdict(c2, "DISPUTED");
        verdict(c1, "VERIFIED");
        verdict(c6, "VERIFIED");
        verdict(c7, "VERIFIED");
        Instant k1 = driver.gap();
        correct(c6, Map.of("status", "PARTIAL", "reason", "WORKER_ACTION"), null, Facts.closure("PARTIAL")); // resets VERIFIED
        correct(c4, Map.of("status", "CLOSED", "reason", "OWNER_SOLIDARITY", "observedAt", o(45).toString()), o(45),
                Facts.closure("CLOSED")); // moves observedAt from o(40) to o(45)
        verdict(c3, "VERIFIED");
        verdict(c5, "VERIFIED");
        retract(c7); // after a VERIFIED verdict
        Sent c9 = submit(a, closure(MIDTOWN_MARKET, o(140), "CLOSED"));

        // --- Walkouts ---
        Sent w1 = submit(a, walkout(HCMC, o(20), "SICKOUT", 40, 120));
        submit(b, walkout(HCMC, o(120), "SICKOUT", 55, null));
        Sent w3 = submit(c, walkout(SOUTH_HIGH, o(60), "STUDENT_WALKOUT", 300, null));
        Sent w4 = submit(a, walkout(MSP1, o(100), "WALKOUT", 80, 400));
        correct(w4, Map.of("type", "WALKOUT", "participants", 0, "workforce", 400), null, Facts.walkout("WALKOUT", 0)); // back at work
        Sent w5 = submit(b, walkout(GARAGE, o(70), "WALKOUT", 120, null));
        correct(w5, Map.of("type", "WALKOUT", "participants", 150, "observedAt", o(130).toString()), o(130),
                Facts.walkout("WALKOUT", 150)); // seen later than first said: from o(130) on, not before
        verdict(w1, "VERIFIED");
        verdict(w3, "VERIFIED");

        // --- Headcounts ---
        Sent h1 = submit(c, headcount(CAPITOL, o(60), 3000));
        submit(a, headcount(TARGET_CENTER, o(100), 1000));
        Sent h3 = submit(b, headcount(TARGET_CENTER, o(150), 2000));
        Sent h4 = submit(c, headcount(TARGET_CENTER, o(150), 5000)); // a tie with h3, another reporter
        Instant k2 = driver.gap();
        submit(a, headcount(TARGET_CENTER, o(160), 1500));           // replaces A's 1000 of o(100)
        Sent h6 = submit(b, headcount(CAPITOL, o(165), 700));
        verdict(h4, "DISPUTED");
        verdict(h3, "VERIFIED");
        verdict(h6, "VERIFIED");
        verdict(h1, "VERIFIED");

        // --- Bad input: 400 naming the fields, 404 and 409 as the contract says, and nothing stored ---
        refusedWithoutStoringAnything(c3, c7, w4);

        driver.awaitPosition(a, day, lastPosition);
        SoftAssertions soft = new SoftAssertions();

        // ===== As known at K1: after the first four verdicts, before anything else =====
        // Known: c1 KARMEL CLOSED o10 VERIFIED; c2 KARMEL OPEN o30 DISPUTED; c3 MIDTOWN PARTIAL o20; c4 HMONGTOWN CLOSED
        // o40; c5 HMONGTOWN OPEN o40; c6 ORPHEUM CLOSED o50 VERIFIED; c7 SEWARD CLOSED o60 VERIFIED; c8 LAKE_HOTEL OPEN o70.
        // ALL: KARMEL = c1 CLOSED (c2 is disputed, so the latest *counting* report is c1); MIDTOWN PARTIAL;
        // HMONGTOWN = c5 OPEN (tie at o40, c5 submitted after c4); ORPHEUM CLOSED; SEWARD CLOSED; LAKE_HOTEL OPEN.
        // closed 3 (Karmel, Orpheum, Seward), partial 1 (Midtown), open 2 (Hmongtown, Lake Hotel).
        // RETAIL: Karmel C + Hmongtown O = (1,0,1); FOOD_SERVICE: Seward C + Midtown P = (1,1,0); CULTURE (1,0,0);
        // HOSPITALITY (0,0,1). Downtown: Karmel C + Orpheum C = (2,0,0); Lake Street: Seward C, Midtown P, Lake Hotel O
        // = (1,1,1); unzoned: Hmongtown O = (0,0,1). Reports: 8 submitted, verified c1 c6 c7 = 3, disputed c2 = 1.
        Figures k1All = Figures.zero(ZONES).businesses(3, 1, 2)
                .sector("RETAIL", 1, 0, 1).sector("FOOD_SERVICE", 1, 1, 0).sector("CULTURE", 1, 0, 0).sector("HOSPITALITY", 0, 0, 1)
                .zone("Downtown", 2, 0, 0).zone("Lake Street", 1, 1, 1).zone("unzoned", 0, 0, 1)
                .reports(8, 3, 1, 0).build();
        // VERIFIED: only c1 (Karmel CLOSED), c6 (Orpheum CLOSED), c7 (Seward CLOSED) count: closed 3.
        Figures k1Verified = Figures.zero(ZONES).businesses(3, 0, 0)
                .sector("RETAIL", 1, 0, 0).sector("FOOD_SERVICE", 1, 0, 0).sector("CULTURE", 1, 0, 0)
                .zone("Downtown", 2, 0, 0).zone("Lake Street", 1, 0, 0)
                .reports(8, 3, 1, 0).build();
        view(soft, "known at K1 (at defaults to K1), ALL", null, k1, null, k1, k1, k1All);
        view(soft, "known at K1 (at defaults to K1), VERIFIED", null, k1, "VERIFIED", k1, k1, k1Verified);

        // ===== Businesses once everything is known, at any T ≥ o(140) =====
        // c6 ORPHEUM is now PARTIAL and unreviewed (the correction reset its VERIFIED); c4 HMONGTOWN CLOSED moved to
        // o45, so it is now later than c5 OPEN o40; c7 SEWARD is retracted (no counting report: Seward is not counted);
        // c3 MIDTOWN PARTIAL o20 VERIFIED, c9 MIDTOWN CLOSED o140; c5 VERIFIED.
        // ALL: Karmel C (c1), Midtown C (c9), Hmongtown C (c4), Orpheum P, Lake Hotel O: closed 3, partial 1, open 1.
        // RETAIL: Karmel C, Hmongtown C = (2,0,0); FOOD_SERVICE: Midtown C = (1,0,0); CULTURE (0,1,0); HOSPITALITY (0,0,1).
        // Downtown: Karmel C, Orpheum P = (1,1,0); Lake Street: Midtown C, Lake Hotel O = (1,0,1); unzoned: Hmongtown C.
        // VERIFIED: c1 Karmel C, c3 Midtown P, c5 Hmongtown O: (1,1,1); RETAIL (1,0,1), FOOD_SERVICE (0,1,0);
        // Downtown (1,0,0), Lake Street (0,1,0), unzoned (0,0,1).
        // Walkouts, ALL, at T ≥ o(130): HCMC = 55 (o120, over 40 at o20), South High 300 students, MSP1 0 (corrected),
        // the garage 150 (corrected, now observed at o130): workers 55 + 0 + 150 = 205, students 300, workplaces with
        // participants > 0: HCMC, South High, garage = 3.
        // VERIFIED: HCMC = w1 40 (verified), South High 300, MSP1 and the garage none: workers 40, students 300,
        // workplaces 2.

        // ===== Known at K2 (after h4, before h5), at o(150) =====
        // Headcounts known: h1 C Capitol 3000 o60; h2 A Target 1000 o100; h3 B Target 2000 o150; h4 C Target 5000 o150;
        // no verdict on any of them yet. Window (o90, o150]: Target: A 1000, B 2000, C 5000 -> sorted, lower median at
        // index (3-1)/2 = 1 -> 2000, low 1000, high 5000; Capitol: h1 at o60 is out. estimate 2000, low 1000, high 5000,
        // rallies 1. Peak over T' ≤ o150: [o60,o100) 3000; [o100,o120) 3000 + 1000 = 4000; [o120,o150) 1000 (h1 left);
        // at o150 2000 -> peak 4000 at o(100). Reports: 9 closures + 5 walkouts + 4 headcounts = 18; verified c1 c3
        // c5 w1 w3 = 5; disputed c2 = 1; retracted c7 = 1. VERIFIED crowd: no headcount verified yet: all zero.
        // Walkouts ALL at o150: as now (below) = workers 205, students 300, workplaces 3.
        Figures k2All = Figures.zero(ZONES).businesses(3, 1, 1)
                .sector("RETAIL", 2, 0, 0).sector("FOOD_SERVICE", 1, 0, 0).sector("CULTURE", 0, 1, 0).sector("HOSPITALITY", 0, 0, 1)
                .zone("Downtown", 1, 1, 0).zone("Lake Street", 1, 0, 1).zone("unzoned", 1, 0, 0)
                .walkouts(3, 205, 300).crowd(2000, 1000, 5000, 1, 4000, o(100)).reports(18, 5, 1, 1).build();
        Figures k2Verified = Figures.zero(ZONES).businesses(1, 1, 1)
                .sector("RETAIL", 1, 0, 1).sector("FOOD_SERVICE", 0, 1, 0)
                .zone("Downtown", 1, 0, 0).zone("Lake Street", 0, 1, 0).zone("unzoned", 0, 0, 1)
                .walkouts(2, 40, 300).reports(18, 5, 1, 1).build();
        view(soft, "at o(150) known at K2, ALL", o(150), k2, "ALL", o(150), k2, k2All);
        view(soft, "at o(150) known at K2, VERIFIED", o(150), k2, "VERIFIED", o(150), k2, k2Verified);

        // ===== Now =====
        // Headcounts: h1 C Capitol 3000 o60 VERIFIED; h2 A Target 1000 o100; h3 B Target 2000 o150 VERIFIED; h4 C Target
        // 5000 o150 DISPUTED; h5 A Target 1500 o160; h6 B Capitol 700 o165 VERIFIED.
        // ALL, window (now-60, now] ⊇ [o150, o180], excludes ≤ o120: Target: A's latest is h5 1500, B 2000, C's h4 is
        // disputed -> [1500, 2000]: estimate 1500 (index 0), low 1500, high 2000; Capitol: B 700 (h1 is out).
        // estimate 2200, low 2200, high 2700, rallies 2. Peak: o60 3000; o100 4000; o120 1000; o150 [1000,2000] ->
        // 1000; o160 [1500,2000] -> 1500; o165 1500 + 700 = 2200 -> peak 4000 at o(100).
        // VERIFIED: Target: B 2000; Capitol: B 700 -> estimate 2700 = low = high, rallies 2. Peak: o60 3000 (h1);
        // o120 0; o150 2000; o165 2700 -> 3000 at o(60).
        // Reports: 20 submitted; verified c1 c3 c5 w1 w3 h3 h6 h1 = 8 (c6 reset, c7 retracted); disputed c2 h4 = 2;
        // retracted 1.
        Figures nowAll = Figures.zero(ZONES).businesses(3, 1, 1)
                .sector("RETAIL", 2, 0, 0).sector("FOOD_SERVICE", 1, 0, 0).sector("CULTURE", 0, 1, 0).sector("HOSPITALITY", 0, 0, 1)
                .zone("Downtown", 1, 1, 0).zone("Lake Street", 1, 0, 1).zone("unzoned", 1, 0, 0)
                .walkouts(3, 205, 300).crowd(2200, 2200, 2700, 2, 4000, o(100)).reports(20, 8, 2, 1).build();
        Figures nowVerified = Figures.zero(ZONES).businesses(1, 1, 1)
                .sector("RETAIL", 1, 0, 1).sector("FOOD_SERVICE", 0, 1, 0)
                .zone("Downtown", 1, 0, 0).zone("Lake Street", 0, 1, 0).zone("unzoned", 0, 0, 1)
                .walkouts(2, 40, 300).crowd(2700, 2700, 2700, 2, 3000, o(60)).reports(20, 8, 2, 1).build();
        view(soft, "now, ALL", null, null, null, null, null, nowAll);
        view(soft, "now, VERIFIED", null, null, "VERIFIED", null, null, nowVerified);

        // ===== At o(105), known now =====
        // Businesses: c9 (o140) is not yet observed, so Midtown is c3 PARTIAL: closed 2 (Karmel, Hmongtown), partial 2
        // (Midtown, Orpheum), open 1. VERIFIED as now (c1, c3, c5 are all before o105).
        // Walkouts ALL: HCMC = w1 40 (w2 is at o120), South High 300, MSP1 0 (o100, corrected), the garage none (its
        // one report was moved from o70 to o130, so it was not yet observed at o105): workers 40, workplaces 2.
        // Crowd ALL, window (o45, o105]: Capitol C 3000 (o60), Target A 1000 (o100): estimate 4000 = low = high,
        // rallies 2; peak: o60 3000, o100 4000 -> 4000 at o(100). VERIFIED: Capitol h1 3000 only: 3000, rallies 1,
        // peak 3000 at o(60). Reports depend on K only: as now.
        Figures pastAll = Figures.zero(ZONES).businesses(2, 2, 1)
                .sector("RETAIL", 2, 0, 0).sector("FOOD_SERVICE", 0, 1, 0).sector("CULTURE", 0, 1, 0).sector("HOSPITALITY", 0, 0, 1)
                .zone("Downtown", 1, 1, 0).zone("Lake Street", 0, 1, 1).zone("unzoned", 1, 0, 0)
                .walkouts(2, 40, 300).crowd(4000, 4000, 4000, 2, 4000, o(100)).reports(20, 8, 2, 1).build();
        Figures pastVerified = Figures.zero(ZONES).businesses(1, 1, 1)
                .sector("RETAIL", 1, 0, 1).sector("FOOD_SERVICE", 0, 1, 0)
                .zone("Downtown", 1, 0, 0).zone("Lake Street", 0, 1, 0).zone("unzoned", 0, 0, 1)
                .walkouts(2, 40, 300).crowd(3000, 3000, 3000, 1, 3000, o(60)).reports(20, 8, 2, 1).build();
        view(soft, "at o(105) (knownAt defaults to now), ALL", o(105), null, "ALL", o(105), null, pastAll);
        view(soft, "at o(105) (knownAt defaults to now), VERIFIED", o(105), null, "VERIFIED", o(105), null, pastVerified);

        soft.assertAll();
    }

    @Test
    void subjects_areOneByGivenId_orBySpellingOfTheNameAtOnePlace_andRalliesByNameAlone() throws Exception {
        n0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        day = "subjects-day-" + UUID.randomUUID().toString().substring(0, 8);
        driver.planAndOpen(a, day, n0.minus(4, ChronoUnit.HOURS), n0.plus(6, ChronoUnit.HOURS), List.of(DOWNTOWN, LAKE_STREET));
        oracle = new TallyOracle(List.of(DOWNTOWN, LAKE_STREET));
        Place cub = new Place("Cub Foods", 44.9560, -93.1670, "RETAIL");                    // unzoned
        Place downtownTarget = new Place("Target", 44.9800, -93.2700, "RETAIL");           // Downtown
        // Sent as "Target" too; the trailing space only keeps the two apart for the oracle, which keys subjects by name.
        Place lakeStreetTarget = new Place("Target ", 44.9480, -93.2600, "RETAIL");        // Lake Street, 3.6 km away
        Place cafe = new Place("Café Racer", 44.9620, -93.2300, "FOOD_SERVICE");           // unzoned
        Place amazonSouth = new Place("Amazon", 44.8600, -93.2000, "TRANSPORT");
        Place amazonWest = new Place("Amazon ", 44.9000, -93.3000, "TRANSPORT");           // sent as "Amazon", 8 km away
        Place school = new Place("South High", 44.9460, -93.2330, "EDUCATION");

        // The same id: one business, whatever name and place the second reporter typed.
        Draft cubClosed = closure(cub, o(10), "CLOSED");
        subjectOf(cubClosed).put("id", "cub-midway");
        Draft cubOpen = closure(cub, o(20), "OPEN");
        subjectOf(cubOpen).put("id", "cub-midway");
        subjectOf(cubOpen).put("name", "Cub Foods Midway");
        subjectOf(cubOpen).put("location", Map.of("lat", 44.9565, "lon", -93.1660));
        Sent first = submit(a, cubClosed);
        Sent second = submit(b, cubOpen);
        // The same name at two places far apart: two businesses.
        Sent target1 = submit(a, closure(downtownTarget, o(10), "CLOSED"));
        Draft target2Draft = closure(lakeStreetTarget, o(10), "PARTIAL");
        subjectOf(target2Draft).put("name", "Target");
        Sent target2 = submit(b, target2Draft);
        // Another spelling of the same name at the same place: one business.
        Sent cafe1 = submit(a, closure(cafe, o(30), "CLOSED"));
        Draft cafeAgain = closure(cafe, o(40), "OPEN");
        subjectOf(cafeAgain).put("name", "CAFE   RACER!");
        Sent cafe2 = submit(c, cafeAgain);
        // Workplaces likewise: the same name far apart is two; the same id is one.
        Draft amazon2 = walkout(amazonWest, o(100), "WALKOUT", 20, null);
        subjectOf(amazon2).put("name", "Amazon");
        Sent amazon1Sent = submit(a, walkout(amazonSouth, o(100), "WALKOUT", 10, null));
        Sent amazon2Sent = submit(b, amazon2);
        Draft school1 = walkout(school, o(50), "STUDENT_WALKOUT", 100, null);
        subjectOf(school1).put("id", "school-7");
        Draft school2 = walkout(school, o(60), "STUDENT_WALKOUT", 150, null);
        subjectOf(school2).put("id", "school-7");
        subjectOf(school2).put("name", "South High School");
        submit(a, school1);
        submit(b, school2);
        // A rally is its day and its name: three spellings from three places are one rally.
        Sent rally1 = submit(a, headcount(CAPITOL, o(150), 1000));
        Draft rally2Draft = headcount(CAPITOL, o(155), 3000);
        subjectOf(rally2Draft).put("name", "capitol   RALLY");
        subjectOf(rally2Draft).put("location", Map.of("lat", 44.9800, "lon", -93.2700));
        Sent rally2 = submit(b, rally2Draft);
        Draft rally3Draft = headcount(CAPITOL, o(160), 2000);
        subjectOf(rally3Draft).put("name", "Capitol Rally!");
        submit(c, rally3Draft);

        assertThat(subjectId(second)).as("one id, one business").isEqualTo(subjectId(first));
        assertThat(subjectId(target2)).as("one name, two places").isNotEqualTo(subjectId(target1));
        assertThat(subjectId(cafe2)).as("two spellings, one place").isEqualTo(subjectId(cafe1));
        assertThat(subjectId(amazon2Sent)).as("one name, two workplaces").isNotEqualTo(subjectId(amazon1Sent));
        assertThat(subjectId(rally2)).as("one rally name, two places").isEqualTo(subjectId(rally1));

        driver.awaitPosition(a, day, lastPosition);
        SoftAssertions soft = new SoftAssertions();
        // Cub OPEN (o20 over o10; unzoned, RETAIL), Target Downtown CLOSED, Target Lake Street PARTIAL, Café Racer OPEN
        // (o40 over o30; unzoned, FOOD_SERVICE): closed 1, partial 1, open 2; RETAIL (1,1,1), FOOD_SERVICE (0,0,1);
        // Downtown (1,0,0), Lake Street (0,1,0), unzoned (0,0,2).
        // Walkouts: Amazon 10 + Amazon 20 = 30 workers; South High 150 students (o60 over o50): workplaces 3.
        // Crowd now, window ⊇ [o150, o160]: the Capitol rally has A 1000, B 3000, C 2000 -> [1000, 2000, 3000]:
        // estimate 2000, low 1000, high 3000, one rally. Peak: o150 1000; o155 [1000, 3000] -> 1000; o160 2000 ->
        // 2000 at o(160). Reports: 6 closures + 4 walkouts + 3 headcounts = 13, no verdict.
        Figures expected = Figures.zero(ZONES).businesses(1, 1, 2)
                .sector("RETAIL", 1, 1, 1).sector("FOOD_SERVICE", 0, 0, 1)
                .zone("Downtown", 1, 0, 0).zone("Lake Street", 0, 1, 0).zone("unzoned", 0, 0, 2)
                .walkouts(3, 30, 150).crowd(2000, 1000, 3000, 1, 2000, o(160)).reports(13, 0, 0, 0).build();
        view(soft, "subjects, now, ALL", null, null, null, null, null, expected);
        soft.assertAll();
    }

    @Test
    void aHeadcount_leavesTheLiveCrowd_byThePassageOfTimeAlone() throws Exception {
        n0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        day = "window-day-" + UUID.randomUUID().toString().substring(0, 8);
        driver.planAndOpen(a, day, n0.minus(4, ChronoUnit.HOURS), n0.plus(6, ChronoUnit.HOURS), List.of(DOWNTOWN, LAKE_STREET));
        oracle = new TallyOracle(List.of(DOWNTOWN, LAKE_STREET));
        // Observed 59 min 40 s ago: in the live window for about 20 s more, then out of it with no new event.
        Instant seen = n0.minus(59, ChronoUnit.MINUTES).minusSeconds(40);
        submit(a, headcount(TARGET_CENTER, seen, 4000));
        submit(b, headcount(TARGET_CENTER, seen.minusSeconds(600), 6000));   // left the window ten minutes ago
        driver.awaitPosition(a, day, lastPosition);

        // Whatever the moment of each read, the live answer is the oracle's at T = K = the answer's own at.
        SoftAssertions soft = new SoftAssertions();
        JsonNode first = driver.tally(a, day, null, null, null);
        Instant firstAt = Instant.parse(first.path("at").asString());
        soft.assertThat(oracle.tally(firstAt, firstAt, Mode.ALL).differencesFrom(Figures.of(first)))
                .as("live at %s: %s", firstAt, first).isEmpty();
        Instant windowEnd = seen.plus(TallyOracle.CROWD_WINDOW);
        JsonNode later = first;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Instant.parse(later.path("at").asString()).isAfter(windowEnd) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            later = driver.tally(a, day, null, null, null);
        }
        Instant laterAt = Instant.parse(later.path("at").asString());
        assertThat(laterAt).as("a live answer after the report's hour").isAfter(windowEnd);
        // After A's hour neither report is in the window: estimate 0, no rally. The peak stays: from seen − 10 min
        // B's 6000 alone; from seen [4000, 6000] -> lower median 4000; from seen + 50 min A's 4000 alone; from
        // seen + 60 min nothing: the peak is 6000 at seen − 10 min.
        Figures afterTheHour = Figures.zero(ZONES).crowd(0, 0, 0, 0, 6000, seen.minusSeconds(600)).reports(2, 0, 0, 0).build();
        soft.assertThat(afterTheHour.differencesFrom(Figures.of(later))).as("live at %s: %s", laterAt, later).isEmpty();
        soft.assertThat(afterTheHour.differencesFrom(oracle.tally(laterAt, laterAt, Mode.ALL))).as("oracle").isEmpty();
        soft.assertAll();
    }

    /** The subject part of a draft's body (business, workplace or rally), to change how a reporter typed it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> subjectOf(Draft draft) {
        String part = switch (draft.kind()) {
            case CLOSURE -> "business";
            case WALKOUT -> "workplace";
            case HEADCOUNT -> "rally";
        };
        return (Map<String, Object>) draft.body().get(part);
    }

    private static String subjectId(Sent report) {
        return report.answer().body().path("subjectId").asString();
    }

    /**
     * Reads the tally with these parameters and checks every figure against {@code expected} (worked out by hand),
     * the echoed at / knownAt / mode, and that the oracle agrees with the hand arithmetic. A null expected at or
     * knownAt means "now": within the interval of the request.
     */
    private void view(SoftAssertions soft, String label, Instant at, Instant knownAt, String mode,
                      Instant expectedAt, Instant expectedKnownAt, Figures expected) {
        Instant before = Instant.now();
        JsonNode answer = driver.tally(a, day, at, knownAt, mode);
        Instant after = Instant.now();
        // "Now" is complete only once the query side has applied every event recorded before it (both segments): until
        // then the answer says so with an earlier knownAt, and is asked again, as a client would.
        for (int tries = 0; knownAt == null && expectedKnownAt == null && tries < 50
                && Instant.parse(answer.path("knownAt").asString()).isBefore(before); tries++) {
            DayDriver.pause(100);
            before = Instant.now();
            answer = driver.tally(a, day, at, knownAt, mode);
            after = Instant.now();
        }
        Figures actual = Figures.of(answer);
        soft.assertThat(expected.differencesFrom(actual))
                .as("%s: figures differing from the hand-computed ones (answer %s)", label, answer).isEmpty();
        soft.assertThat(answer.path("mode").asString()).as("%s: mode", label).isEqualTo(mode == null ? "ALL" : mode);
        Instant answeredAt = Instant.parse(answer.path("at").asString());
        Instant answeredKnownAt = Instant.parse(answer.path("knownAt").asString());
        if (expectedAt != null) {
            soft.assertThat(answeredAt).as("%s: at", label).isEqualTo(expectedAt);
        } else {
            soft.assertThat(answeredAt).as("%s: at", label).isBetween(before, after);
        }
        if (expectedKnownAt != null) {
            soft.assertThat(answeredKnownAt).as("%s: knownAt", label).isEqualTo(expectedKnownAt);
        } else {
            soft.assertThat(answeredKnownAt).as("%s: knownAt", label).isBetween(before, after);
        }
        Figures byOracle = oracle.tally(answeredAt, answeredKnownAt, mode == null ? Mode.ALL : Mode.valueOf(mode));
        soft.assertThat(expected.differencesFrom(byOracle)).as("%s: the oracle against the hand arithmetic", label).isEmpty();
    }

    // ----- requests -----

    private String reports() {
        return "/api/days/" + day + "/reports";
    }

    private Sent submit(String token, Draft draft) {
        DayDriver.Timed answer = driver.post(reports(), token, draft.body());
        assertThat(answer.status()).as(answer.answer().raw()).isEqualTo(201);
        UUID id = UUID.fromString(draft.body().get("reportId").toString());
        assertThat(answer.body().path("reportId").asString()).isEqualTo(id.toString());
        noteStored(answer);
        Place place = draft.place();
        oracle.submitted(answer.before(), answer.after(), id, draft.kind(), pseudonyms.get(token),
                new TallyOracle.Subject(draft.kind() + ":" + place.name(), place.sector(), place.lat(), place.lon()),
                Instant.parse(draft.body().get("observedAt").toString()), draft.facts());
        return new Sent(id, draft.body(), token, answer);
    }

    private void correct(Sent report, Map<String, Object> body, Instant observedAt, Facts facts) {
        DayDriver.Timed answer = driver.post(reports() + "/" + report.id() + "/corrections", a, body);
        assertThat(answer.status()).as(answer.answer().raw()).isEqualTo(201);
        noteStored(answer);
        oracle.corrected(answer.before(), answer.after(), report.id(), observedAt, facts);
    }

    private void verdict(Sent report, String verdict) {
        DayDriver.Timed answer = driver.post(reports() + "/" + report.id() + "/verdict", a, Map.of("verdict", verdict));
        assertThat(answer.status()).as(answer.answer().raw()).isEqualTo(200);
        noteStored(answer);
        oracle.judged(answer.before(), answer.after(), report.id(), verdict);
    }

    private void retract(Sent report) {
        DayDriver.Timed answer = driver.post(reports() + "/" + report.id() + "/retraction", report.token(), "");
        assertThat(answer.status()).as(answer.answer().raw()).isEqualTo(200);
        noteStored(answer);
        oracle.retracted(answer.before(), answer.after(), report.id());
    }

    private void noteStored(DayDriver.Timed answer) {
        assertThat(answer.position()).as("the position of %s", answer.answer().raw()).isGreaterThan(lastPosition);
        lastPosition = answer.position();
    }

    private void refusedWithoutStoringAnything(Sent closure, Sent retracted, Sent walkout) throws Exception {
        long stored = driver.storedEvents();
        String note = "x".repeat(1001);
        Map<String, Object> noCount = headcount(TARGET_CENTER, o(170), 0).body();
        noCount.remove("method");
        Map<String, Object> tooFew = walkout(HCMC, o(170), "WALKOUT", 10, 5).body();
        Map<String, Object> tooMany = walkout(HCMC, o(170), "WALKOUT", 1_000_001, null).body();
        Map<String, Object> future = closure(KARMEL_MALL, Instant.now().plus(1, ChronoUnit.HOURS), "CLOSED").body();
        Map<String, Object> longAgo = closure(KARMEL_MALL, o(0).minus(15, ChronoUnit.DAYS), "CLOSED").body();
        Map<String, Object> afterTheDay = closure(KARMEL_MALL, n0.plus(7, ChronoUnit.HOURS), "CLOSED").body();
        Map<String, Object> badSector = closure(KARMEL_MALL, o(170), "CLOSED").body();
        badSector.put("business", Map.of("name", "Karmel Mall", "location", Map.of("lat", 44.98, "lon", -93.27), "sector", "BAKERY"));
        Map<String, Object> badPlace = headcount(CAPITOL, o(170), 100).body();
        badPlace.put("rally", Map.of("name", "Capitol rally", "location", Map.of("lat", 44.9553, "lon", 200)));
        Map<String, Object> longNote = closure(KARMEL_MALL, o(170), "CLOSED").body();
        longNote.put("note", note);

        expectBadFields(post(reports(), noCount), "headcount", "method");
        expectBadFields(post(reports(), tooFew), "workforce");
        expectBadFields(post(reports(), tooMany), "participants");
        expectBadFields(post(reports(), future), "observedAt");
        expectBadFields(post(reports(), longAgo), "observedAt");
        expectBadFields(post(reports(), afterTheDay), "observedAt");
        expectBadFields(post(reports(), badSector), "business.sector");
        expectBadFields(post(reports(), badPlace), "rally.location.lon");
        expectBadFields(post(reports(), longNote), "note");
        String correction = reports() + "/" + closure.id() + "/corrections";
        expectBadFields(post(correction, Map.of("status", "OPEN", "participants", 5)), "participants");
        expectBadFields(post(correction, Map.of("status", "OPEN", "observedAt", Instant.now().plus(1, ChronoUnit.HOURS).toString())),
                "observedAt");
        expectBadFields(post(reports() + "/" + walkout.id() + "/corrections", Map.of("participants", -3)), "participants");
        expectBadFields(post(reports() + "/" + closure.id() + "/verdict", Map.of("verdict", "MAYBE")), "verdict");
        expectBadFields(post(reports() + "/" + closure.id() + "/verdict", Map.of()), "verdict");
        assertThat(post(reports(), "{\"kind\": \"CLOSURE\", ").status()).isEqualTo(400);
        assertThat(post(reports() + "/" + UUID.randomUUID() + "/corrections", Map.of("status", "OPEN")).status())
                .as("a correction of an unknown report").isEqualTo(404);
        assertThat(post(reports() + "/" + retracted.id() + "/retraction", "").status()).as("retracting twice").isEqualTo(409);
        assertThat(post(reports() + "/" + retracted.id() + "/verdict", Map.of("verdict", "VERIFIED")).status())
                .as("a verdict on a retracted report").isEqualTo(409);
        assertThat(post(reports() + "/" + retracted.id() + "/corrections", Map.of("status", "OPEN")).status())
                .as("a correction of a retracted report").isEqualTo(409);

        assertThat(driver.storedEvents()).as("events stored by refused requests").isEqualTo(stored);
    }

    private Api.Answer post(String path, Object body) {
        return driver.post(path, a, body).answer();
    }

    private static void expectBadFields(Api.Answer answer, String... fields) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.body().path("status").asInt()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.badFields().stream().distinct().toList()).as(answer.raw()).containsExactlyInAnyOrder(fields);
    }

    // ----- bodies -----

    /** A report body to send, with what the oracle needs to know of it. */
    record Draft(Map<String, Object> body, Kind kind, Place place, Facts facts) {
    }

    private static Draft closure(Place place, Instant seen, String status) {
        Map<String, Object> body = base("CLOSURE", seen);
        body.put("business", subject(place, true));
        body.put("status", status);
        body.put("reason", "WORKER_ACTION");
        return new Draft(body, Kind.CLOSURE, place, Facts.closure(status));
    }

    private static Draft walkout(Place place, Instant seen, String type, int participants, Integer workforce) {
        Map<String, Object> body = base("WALKOUT", seen);
        body.put("workplace", subject(place, true));
        body.put("type", type);
        body.put("participants", participants);
        if (workforce != null) {
            body.put("workforce", workforce);
        }
        return new Draft(body, Kind.WALKOUT, place, Facts.walkout(type, participants));
    }

    private static Draft headcount(Place place, Instant seen, int headcount) {
        Map<String, Object> body = base("HEADCOUNT", seen);
        body.put("rally", subject(place, false));
        body.put("headcount", headcount);
        body.put("method", "DENSITY_ESTIMATE");
        return new Draft(body, Kind.HEADCOUNT, place, Facts.headcount(headcount));
    }

    private static Map<String, Object> base(String kind, Instant seen) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reportId", UUID.randomUUID().toString());
        body.put("kind", kind);
        body.put("observedAt", seen.toString());
        return body;
    }

    private static Map<String, Object> subject(Place place, boolean withSector) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("name", place.name());
        subject.put("location", Map.of("lat", place.lat(), "lon", place.lon()));
        if (withSector) {
            subject.put("sector", place.sector());
        }
        return subject;
    }
}
