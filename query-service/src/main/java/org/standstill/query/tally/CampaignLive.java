package org.standstill.query.tally;

import org.standstill.query.tally.TallyEngine.Evaluation;
import org.standstill.query.tally.TallyRules.Mode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A campaign's live view in one mode (T = now): a live view of each member day kept for the campaign alone
 * ({@link LiveTally}: its cost grows with what changed since it was last asked), and the steps of all their summed
 * crowd estimates in one {@link LiveTally.Peaks}, so that the campaign's peak — of the summed estimate, not the sum of
 * the days' peaks, as cities peak at different hours — is a lookup too.
 */
public final class CampaignLive {

    /** One member day's figures in the view. */
    public record Part(DayIndex day, Evaluation evaluation) {
    }

    /** The view: its T and K, each member day's figures, and the peak of their summed estimate up to T. */
    public record View(Instant at, Instant knownAt, List<Part> days, long peak, Instant peakAt) {
    }

    private record Member(DayIndex day, LiveTally live) {
    }

    private final Mode mode;
    private final LiveTally.Peaks sum = new LiveTally.Peaks();
    private final Map<String, Member> members = new HashMap<>();

    public CampaignLive(Mode mode) {
        this.mode = mode;
    }

    /**
     * The view at now (the clock read in turn, so that a view's now is never before the last one's) as known at
     * {@code complete(now)}, of the days {@code membersAt} that K gives.
     */
    public synchronized View at(Clock clock, UnaryOperator<Instant> complete,
                                Function<Instant, List<DayIndex>> membersAt) {
        Instant now = clock.instant();
        Instant knownAt = complete.apply(now);
        List<DayIndex> days = membersAt.apply(knownAt);
        Set<String> current = new HashSet<>();
        List<Part> parts = new ArrayList<>(days.size());
        for (DayIndex day : days) {
            current.add(day.dayId);
            Member member = members.get(day.dayId);
            if (member == null || member.day() != day) {
                // new to the campaign, or its index was read again (evicted, or the tables rebuilt)
                if (member != null) {
                    member.live().release();
                }
                member = new Member(day, new LiveTally(day, mode, sum));
                members.put(day.dayId, member);
            }
            day.lock.readLock().lock();
            try {
                parts.add(new Part(day, member.live().at(now, knownAt)));
            } finally {
                day.lock.readLock().unlock();
            }
        }
        members.entrySet().removeIf(e -> {
            if (!current.contains(e.getKey())) {
                e.getValue().live().release(); // left the campaign
                return true;
            }
            return false;
        });
        long[] peak = sum.upTo(TallyEngine.micros(now));
        return new View(now, knownAt, parts, peak[0], peak[1] == TallyEngine.NONE ? null : TallyEngine.instant(peak[1]));
    }
}
