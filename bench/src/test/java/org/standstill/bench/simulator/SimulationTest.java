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
