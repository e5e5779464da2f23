package org.standstill.bench.benchmarks;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The results part of bench/README.md is drawn from the result files alone. No timings are measured here. */
class SummaryTest {

    @Nested
    class ReadmeResults {

        @Test
        void replacesWhatLiesBetweenTheMarkers_andKeepsTheRest() {
            String readme = "# bench\n\nbefore\n" + Summary.BEGIN + " old -->\nan older table\n" + Summary.END
                    + "\n\nafter\n";

            String replaced = Summary.replaceResults(readme, "the new table\n", "README");

            assertThat(replaced).startsWith("# bench\n\nbefore\n").endsWith(Summary.END + "\n\nafter\n")
                    .contains("the new table").doesNotContain("an older table");
            assertThat(replaced.split(Summary.BEGIN, -1)).hasSize(2);
            assertThat(Summary.replaceResults(replaced, "the new table\n", "README")).isEqualTo(replaced);
        }

        @Test
        void fails_whenAMarkerIsMissing() {
            assertThatThrownBy(() -> Summary.replaceResults("no markers here", "table", "README"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(Summary.END);
        }
    }

    @Nested
    class Figures {

        @TempDir
        Path results;

        @Test
        void targetsAndRatios_areThoseOfTheLargestDay_againstItsOwnBaseline() throws Exception {
            replay(100_000, 20_000, 10_000, 40_000);
            replay(1_000_000, 30_000, 10_000, 40_000);

            String md = Summary.markdown(Summary.read(results), "results");

            assertThat(md).contains("| full rebuild, events/s (1,000,000 events) | ≥ 0.5 × baseline | 30,000 | "
                    + "40,000 JDBC read + deserialise/s | 0.750 | yes |");
            assertThat(md).contains("| live projection catching up a backlog, events/s | ≥ 0.5 × baseline | 10,000 | "
                    + "40,000 (the same) | 0.250 | **no** |");
        }

        @Test
        void growthTable_hasAColumnPerSize() throws Exception {
            replay(100_000, 20_000, 10_000, 40_000);
            replay(1_000_000, 30_000, 10_000, 40_000);

            String md = Summary.markdown(Summary.read(results), "results");

            assertThat(md).contains("| figure | 100,000 events | 1,000,000 events |")
                    .contains("| full rebuild, events/s (ratio) | 20,000 (0.500) | 30,000 (0.750) |");
        }

        @Test
        void aFigureNotInTheFiles_isShownAsNotMeasured() throws Exception {
            new Result("pointintime", "Point in time").sized(1_000_000)
                    .put("liveTallyMs", Map.of("p50", 5.0, "p99", 12.0, "count", 300)).write(results);

            String md = Summary.markdown(Summary.read(results), "results");

            assertThat(md).contains("| 12.0 |  |  | yes |").contains("| timeline of the whole day p99 ms")
                    .contains("| ≤ 500 ms, ≥ 64 buckets | — (not in this file) |  |  | — |");
        }

        @Test
        void aFullRun_isNotCalledQuick_thoughItsOptionsNameTheQuickSetting() throws Exception {
            new Result("pointintime", "Point in time").sized(1_000_000)
                    .put("liveTallyMs", Map.of("p50", 5.0, "p99", 12.0, "count", 300))
                    .put("quick", false).put("options", "Options[events=[1000000], quick=false]").write(results);

            String md = Summary.markdown(Summary.read(results), "results");

            assertThat(md).doesNotContain("quick run").doesNotContain(", quick)");
        }

        private void replay(long size, double rebuild, double catchUp, double baseline) throws Exception {
            new Result("replay", "Replay").sized(size)
                    .put("rebuild", Map.of("eventsPerSecond", rebuild, "ratio", rebuild / baseline))
                    .put("day", Map.of("baseline", Map.of("eventsPerSecond", baseline),
                            "liveCatchUp", Map.of("eventsPerSecond", catchUp, "ratio", catchUp / baseline)))
                    .put("platform", Map.of("jvmOptions", Map.of("query-service", List.of("-Xmx512m"),
                            "command-service", List.of("-Xmx512m")), "servicesAlive", true))
                    .write(results);
        }
    }
}
