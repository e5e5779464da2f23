package org.standstill.query.plausibility;

import org.springframework.stereotype.Component;
import org.standstill.query.feed.FeedQuery.FeedReport;
import org.standstill.query.plausibility.PlausibilityRules.Judged;
import org.standstill.query.plausibility.PlausibilityRules.RallyCheck;
import org.standstill.query.tally.TallyQuery;
import org.standstill.query.tally.TallyRules.Mode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plausibility flags of feed reports, as the live view (ALL mode, T = K = now) has them: the view the headline
 * figures come from, so a flag and the estimate it questions always agree.
 */
@Component
public class FeedFlags {

    private final PlausibilityQuery plausibility;
    private final TallyQuery tallies;

    FeedFlags(PlausibilityQuery plausibility, TallyQuery tallies) {
        this.plausibility = plausibility;
        this.tallies = tallies;
    }

    /** The reports with their flags in the day's live view (unchanged if the day is unknown). */
    public List<FeedReport> live(String dayId, List<FeedReport> reports) {
        Optional<TallyQuery.View> view = tallies.liveView(dayId, Mode.ALL);
        if (view.isEmpty()) {
            return reports;
        }
        return flag(reports, checks(dayId, view.get(), Mode.ALL, rallies(reports)), view.get());
    }

    /** The rallies the HEADCOUNT reports among {@code reports} are about. */
    public static Set<String> rallies(Collection<FeedReport> reports) {
        Set<String> rallies = new LinkedHashSet<>();
        reports.stream().filter(r -> "HEADCOUNT".equals(r.kind())).forEach(r -> rallies.add(r.subjectId()));
        return rallies;
    }

    /** Some rallies' checks in a view in {@code mode} (rallies with no counted headcount are left out). */
    public Map<String, RallyCheck> checks(String dayId, TallyQuery.View view, Mode mode, Collection<String> rallies) {
        return plausibility.rallies(dayId, rallies, view.at(), view.knownAt(), view.evaluation().position, mode);
    }

    /** Each report with its flags from its rally's check ({@code checks} must hold the rallies of the HEADCOUNT ones). */
    public static List<FeedReport> flag(List<FeedReport> reports, Map<String, RallyCheck> checks, TallyQuery.View view) {
        List<FeedReport> flagged = new ArrayList<>(reports.size());
        for (FeedReport report : reports) {
            if (!"HEADCOUNT".equals(report.kind())) {
                flagged.add(report.flagged(List.of(), null, view.at()));
                continue;
            }
            RallyCheck check = checks.getOrDefault(report.subjectId(), RallyCheck.NONE);
            Optional<Judged> judged = check.of(report.reportId());
            flagged.add(report.flagged(flags(check, judged), judged.map(Judged::othersMedian).orElse(null), view.at()));
        }
        return flagged;
    }

    /** A counted report's flags: {@code outlier}, and {@code unconfirmed} when its rally's estimate rests on it alone. */
    public static List<String> flags(RallyCheck check, Optional<Judged> judged) {
        if (judged.isEmpty()) {
            return List.of();
        }
        List<String> flags = new ArrayList<>(2);
        if (judged.get().outlier()) {
            flags.add(PlausibilityRules.OUTLIER);
        }
        if (check.unconfirmed()) {
            flags.add(PlausibilityRules.UNCONFIRMED);
        }
        return List.copyOf(flags);
    }
}
