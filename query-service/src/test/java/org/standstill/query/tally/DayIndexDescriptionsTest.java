package org.standstill.query.tally;

import org.junit.jupiter.api.Test;
import org.standstill.query.tally.TallyRules.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which subjects an index must look up again as it reads new versions: a subject is described by its first-submitted
 * report, so a report submitted after the description the index holds leaves it as it is, and one submitted before it
 * (a report that committed late, from another segment) may describe it anew.
 */
class DayIndexDescriptionsTest {

    private final DayIndex day = new DayIndex("day");

    @Test
    void aSubjectNeverDescribed_isLookedUp() {
        assertThat(day.isDescribedBefore("day:business:corner-cafe", 100)).isFalse();
    }

    @Test
    void aReportSubmittedAfterTheDescription_leavesIt() {
        describe("day:business:corner-cafe", 500);

        assertThat(day.isDescribedBefore("day:business:corner-cafe", 500)).as("its own submission").isTrue();
        assertThat(day.isDescribedBefore("day:business:corner-cafe", 600)).as("a later one").isTrue();
    }

    @Test
    void aReportSubmittedBeforeTheDescription_mayDescribeItAnew() {
        describe("day:business:corner-cafe", 500);

        assertThat(day.isDescribedBefore("day:business:corner-cafe", 400)).isFalse();

        describe("day:business:corner-cafe", 400); // what subject_view says once that report is in
        assertThat(day.isDescribedBefore("day:business:corner-cafe", 450)).isTrue();
    }

    @Test
    void aSubjectKnownOnlyFromItsReports_isLookedUp() {
        day.describe(new DayIndex.Subject("day:business:corner-cafe", Kind.CLOSURE, null, null, 44.97, -93.26));

        assertThat(day.isDescribedBefore("day:business:corner-cafe", 500)).as("no name, no submission known").isFalse();
    }

    private void describe(String subject, long firstSubmitted) {
        day.describe(new DayIndex.Subject(subject, Kind.CLOSURE, "Corner Cafe", "RETAIL", 44.97, -93.26));
        day.describedBy(subject, firstSubmitted);
    }
}
