package org.standstill.bench.simulator;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's options and the places of its generated day. */
class SimulationTest {

    @Nested
    class Speed {

        @Test
        void takesRealtimeMaxAndTimesN() {
            assertThat(Simulation.speed("realtime")).isEqualTo(1);
            assertThat(Simulation.speed("max")).isZero();
            assertThat(Simulation.speed("x60")).isEqualTo(60);
            assertThat(Simulation.speed("2.5")).isEqualTo(2.5);
        }

        @Test
        void aWordItDoesNotKnow_isRefusedWithTheSpeedsItTakes_notANumberFormatMessage() {
            assertThatThrownBy(() -> Simulation.speed("fast"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--speed fast is not a speed")
                    .hasMessageContaining("realtime, max, or xN")
                    .hasMessageNotContaining("For input string");
            assertThatThrownBy(() -> Simulation.speed("x0")).hasMessageContaining("is not a speed");
            assertThatThrownBy(() -> Simulation.speed("-3")).hasMessageContaining("is not a speed");
        }
    }

    @Nested
    class NationalScenario {

        @Test
        void upToThreeHundredCities_inFourTimeZones_eachItsOwnDayId() {
            List<National.Metro> cities = National.cities(300);
            assertThat(cities).hasSize(300);
            assertThat(cities.get(0)).isEqualTo(National.MODEL);
            assertThat(cities.stream().map(c -> java.time.ZoneId.of(c.timeZone()).getRules()
                    .getStandardOffset(java.time.Instant.parse("2026-05-01T12:00:00Z")).getTotalSeconds()).distinct())
                    .as("Eastern, Central, Mountain, Pacific").hasSize(4);
            assertThat(cities.stream().map(c -> National.slug(c.name())).distinct()).hasSize(300);
            assertThat(cities).allSatisfy(c -> {
                assertThat(c.lat()).isBetween(24.0, 50.0);
                assertThat(c.lon()).isBetween(-125.0, -66.0);
            });
            assertThatThrownBy(() -> National.cities(301)).hasMessageContaining("from 1 to 300");
        }

        @Test
        void theModelCitysDay_movedToAnotherCity_keepsItsRhythm_andShiftsEveryPlace() {
            Scenario model = Scenario.twinCities(7, 100, 20);
            Scenario moved = model.movedTo("Denver", 1.0, -2.0);
            assertThat(moved.actions).hasSameSizeAs(model.actions);
            for (int i = 0; i < model.actions.size(); i++) {
                Scenario.Action a = model.actions.get(i);
                Scenario.Action m = moved.actions.get(i);
                assertThat(m.sendAt()).isEqualTo(a.sendAt());
                assertThat(m.reportId()).isEqualTo(a.reportId());
                assertThat(m.before() == null ? null : m.before().seq()).isEqualTo(a.before() == null ? null : a.before().seq());
                Object subject = a.body() == null ? null : a.body().values().stream().filter(v -> v instanceof Map<?, ?> sm
                        && sm.containsKey("location")).findFirst().orElse(null);
                if (subject instanceof Map<?, ?> original) {
                    Map<?, ?> shifted = (Map<?, ?>) m.body().get(a.body().entrySet().stream()
                            .filter(e -> e.getValue() == subject).findFirst().orElseThrow().getKey());
                    double lat = ((Number) ((Map<?, ?>) original.get("location")).get("lat")).doubleValue();
                    double movedLat = ((Number) ((Map<?, ?>) shifted.get("location")).get("lat")).doubleValue();
                    assertThat(movedLat).isCloseTo(lat + 1.0, org.assertj.core.data.Offset.offset(1e-5));
                    assertThat((String) shifted.get("name")).doesNotContain("Minneapolis", "St Paul", "Minnesota");
                }
            }
        }

        @Test
        void campaignAndCities_areOptionsOfTheSimulator() {
            Simulation.Options options = Simulation.parse(List.of("--cities", "12", "--speed", "x60"),
                    Simulation.Options.defaults());
            assertThat(options.campaign()).isTrue();
            assertThat(options.cities()).isEqualTo(12);
            assertThat(Simulation.parse(List.of("--campaign"), Simulation.Options.defaults()).cities()).isEqualTo(30);
        }
    }

    @Nested
    class Places {

        /** Every business of the generated day: name → {lat, lon}. */
        @SuppressWarnings("unchecked")
        Map<String, double[]> businesses() {
            Scenario scenario = Scenario.twinCities(2026, 1000, 150);
            Map<String, double[]> places = new java.util.HashMap<>();
            for (Scenario.Action action : scenario.actions) {
                Object subject = action.body() == null ? null : action.body().get("business");
                if (subject instanceof Map<?, ?> business && business.get("location") instanceof Map<?, ?> location) {
                    places.putIfAbsent((String) business.get("name"), new double[]{((Number) location.get("lat")).doubleValue(),
                            ((Number) location.get("lon")).doubleValue()});
                }
            }
            return places;
        }

        @Test
        void museumsAndTheatres_areWithinAFewHundredMetresOfWhereTheyReallyAre() {
            Map<String, double[]> businesses = businesses();
            for (TwinCities.Place place : concat(TwinCities.MUSEUMS, TwinCities.THEATRES)) {
                double[] at = businesses.get(place.name());
                assertThat(at).as(place.name()).isNotNull();
                assertThat(metres(at, place)).as(place.name()).isLessThan(200);
            }
        }

        @Test
        void aBusinessNamedAfterAStreet_isInAZoneThatStreetRunsThrough() {
            int named = 0;
            for (Map.Entry<String, double[]> business : businesses().entrySet()) {
                int on = business.getKey().lastIndexOf(" on ");
                if (on < 0) {
                    continue;
                }
                String street = business.getKey().substring(on + 4);
                double[] at = business.getValue();
                boolean inAZoneWithIt = false;
                for (int z = 0; z < TwinCities.ZONES.size(); z++) {
                    inAZoneWithIt |= TwinCities.ZONES.get(z).contains(at[0], at[1])
                            && List.of(TwinCities.LOCAL_STREETS[z]).contains(street);
                }
                assertThat(inAZoneWithIt).as("%s at %s, %s", business.getKey(), at[0], at[1]).isTrue();
                named++;
            }
            assertThat(named).as("businesses named after a street").isGreaterThan(50);
        }

        private static List<TwinCities.Place> concat(List<TwinCities.Place> a, List<TwinCities.Place> b) {
            return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
        }

        private static double metres(double[] at, TwinCities.Place place) {
            double dLat = (at[0] - place.lat()) * 111_000;
            double dLon = (at[1] - place.lon()) * 78_700;
            return Math.hypot(dLat, dLon);
        }
    }
}
