package org.standstill.query.tally;

import org.standstill.api.report.ClosureStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The tally's rules (DOMAIN.md, "The tally, exactly") in plain Java: the live projection and the
 * evaluation of any past moment both decide every figure here.
 */
public final class TallyRules {

    public enum Mode { ALL, VERIFIED }

    public enum Verdict { UNREVIEWED, VERIFIED, DISPUTED }

    /** What every report has, as known at the moment of the view. */
    public interface Fact {
        /** Position of the report's first event: the order in which reports were first submitted. */
        long submittedAt();

        /** When the reporter saw it, as corrected. */
        Instant observedAt();

        Verdict verdict();

        boolean retracted();

        /** Counts in ALL mode unless retracted or disputed; in VERIFIED mode only when verified. */
        default boolean counts(Mode mode) {
            return !retracted() && (mode == Mode.ALL ? verdict() != Verdict.DISPUTED : verdict() == Verdict.VERIFIED);
        }
    }

    /** A closure report of a business. */
    public record Closure(long submittedAt, Instant observedAt, ClosureStatus status, Verdict verdict,
                          boolean retracted) implements Fact {
    }

    /** Latest first: by observedAt, then by the order of first submission. */
    static final Comparator<Fact> LATEST_ORDER =
            Comparator.comparing(Fact::observedAt).thenComparingLong(Fact::submittedAt);

    private TallyRules() {
    }

    /** The latest counting report observed at or before {@code at}. */
    public static <F extends Fact> Optional<F> latest(Collection<F> reports, Instant at, Mode mode) {
        return reports.stream()
                .filter(r -> r.counts(mode) && !r.observedAt().isAfter(at))
                .max(LATEST_ORDER);
    }

    /** A business's status at {@code at}: that of its latest counting closure report; empty if none. */
    public static Optional<ClosureStatus> businessStatus(Collection<Closure> reports, Instant at, Mode mode) {
        return latest(reports, at, mode).map(Closure::status);
    }

    /**
     * The first instant after {@code at} at which time passing alone can change what
     * {@link #latest} answers: the earliest observedAt still ahead of {@code at}.
     */
    public static Optional<Instant> nextChange(Collection<? extends Fact> reports, Instant at) {
        return reports.stream()
                .filter(r -> !r.retracted() && r.observedAt().isAfter(at))
                .map(Fact::observedAt)
                .min(Comparator.naturalOrder());
    }
}
