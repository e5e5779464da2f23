package org.standstill.query.tally;

import org.standstill.api.report.ClosureStatus;
import org.standstill.api.report.Sector;
import org.standstill.api.report.WalkoutType;
import org.standstill.query.day.ZoneIndex;
import org.standstill.query.tally.TallyRules.Kind;
import org.standstill.query.tally.TallyRules.Mode;
import org.standstill.query.tally.TallyRules.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One day's reports in memory: every version of every report (the state after each of its events, as the
 * projection recorded it in {@code report_version}), column by column, in log order, with the day's subjects and its
 * zones as known at each moment. It is what {@link TallyEngine} reads to answer any (T, K, mode) without touching the
 * database. Its columns take about 40 bytes a version and 50 a report; with the subjects, their ids and names, and the
 * live view, a day of the benchmarks' national mix holds about 210 bytes of heap a version (see
 * {@link DayIndexes#BYTES_PER_VERSION}).
 *
 * <p>Appended by one writer in log order (under the write lock); read under the read lock.
 */
public final class DayIndex {

    /** A report after one of its events. Instants are kept to the microsecond, as PostgreSQL keeps them. */
    public record Version(UUID reportId, long position, Instant recordedAt, Kind kind, String subjectId,
                          String reporterId, long submittedAt, Instant observedAt, ClosureStatus status,
                          WalkoutType type, int participants, int headcount, Verdict verdict, boolean retracted) {
    }

    /** Where a subject is and what it is: from its first-submitted report. */
    public record Subject(String subjectId, Kind kind, String name, String sector, double lat, double lon) {
    }

    static final Kind[] KINDS = Kind.values();
    static final Verdict[] VERDICTS = Verdict.values();
    static final ClosureStatus[] STATUSES = ClosureStatus.values();
    static final WalkoutType[] TYPES = WalkoutType.values();
    static final Sector[] SECTORS = Sector.values();
    static final int RETRACTED = 4;

    final String dayId;
    final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** Every event of the log at or below this position has been applied. */
    long position;
    /** The latest recordedAt of anything applied. */
    private long maxRecorded = Long.MIN_VALUE;

    // Reports, in the order they were first submitted (their index is that order).
    int reports;
    byte[] reportKind = new byte[16];
    int[] reportSubject = new int[16];
    int[] reportReporter = new int[16];
    long[] reportSubmitted = new long[16];
    int[] reportLast = new int[16];
    /** The next report of the same subject (the subject's reports, latest first, from {@link #subjectFirst}); -1 at the end. */
    int[] reportNext = new int[16];
    private final ReportIds reportIds = new ReportIds();

    // Versions, in log order.
    int versions;
    int[] versionReport = new int[16];
    int[] versionPrevious = new int[16];
    long[] versionPosition = new long[16];
    long[] versionRecorded = new long[16];
    long[] versionObserved = new long[16];
    int[] versionFigure = new int[16];   // participants or headcount
    byte[] versionCode = new byte[16];   // status or type ordinal
    byte[] versionState = new byte[16];  // verdict ordinal, plus RETRACTED

    // Subjects.
    int subjects;
    /** Subject ids and names, kept compactly (without the day's id their ids begin with). */
    private final Texts texts;
    private int[] subjectId = new int[16];
    /** -1 while the subject is not described. */
    private int[] subjectName = new int[16];
    private int[] subjectHash = new int[16];
    byte[] subjectKind = new byte[16];
    byte[] subjectSector = new byte[16];  // ordinal, or -1
    double[] subjectLat = new double[16];
    double[] subjectLon = new double[16];
    /** The subject's latest-added report; -1 if none. */
    int[] subjectFirst = new int[16];
    /** The position of the submission the subject's description is from; {@link Long#MAX_VALUE} if not known. */
    private long[] subjectSubmitted = new long[16];
    /** Subject ids to their index: open addressing over the subjects' own ids, no object per subject. */
    private int[] subjectSlots = ReportIds.filled(64);
    /** The subjects described again (name, kind, sector or place may have changed), in the order it happened. */
    int[] describedAgain = new int[16];
    int describedAgainCount;

    /** The live views of this index, one a mode, made when first asked for. */
    private final LiveTally[] live = new LiveTally[Mode.values().length];

    // Reporters: only told apart.
    private final Map<String, Integer> reporterIndex = new HashMap<>();

    // The day's zones (and campaign, and status) after each of its events.
    final List<ZoneVersion> zoneVersions = new ArrayList<>();

    /** The day's zones, campaign (null: none) and status from the event at {@code position} (recorded at {@code recorded}) on. */
    static final class ZoneVersion {
        final long recorded;
        final long position;
        final ZoneIndex zones;
        final String campaignId;
        final String status;
        private int[] zoneOf = new int[0];
        private int known;

        ZoneVersion(long recorded, long position, ZoneIndex zones, String campaignId, String status) {
            this.recorded = recorded;
            this.position = position;
            this.zones = zones;
            this.campaignId = campaignId;
            this.status = status;
        }

        /** The zone of each subject (an index into the zones' names, or their count for unzoned). */
        synchronized int[] zoneOf(DayIndex day) {
            if (known < day.subjects) {
                int[] grown = Arrays.copyOf(zoneOf, day.subjectId.length);
                List<String> names = zones.names();
                for (int s = known; s < day.subjects; s++) {
                    int i = names.indexOf(zones.zoneOf(day.subjectLat[s], day.subjectLon[s]));
                    grown[s] = i < 0 ? names.size() : i;
                }
                zoneOf = grown;
                known = day.subjects;
            }
            return zoneOf;
        }

        synchronized void describedAgain(int subject) {
            known = Math.min(known, subject);
        }
    }

    public DayIndex(String dayId) {
        this.dayId = dayId;
        this.texts = new Texts(dayId + ":");
    }

    public String dayId() {
        return dayId;
    }

    public long position() {
        return position;
    }

    public int versionCount() {
        return versions;
    }

    /** The latest recordedAt (in microseconds) of any event applied to this index. */
    public long maxRecorded() {
        return maxRecorded;
    }

    /** The ids of the subjects of the versions from {@code version} on (for what changed since then). */
    public java.util.Set<String> subjectsSince(int version) {
        lock.readLock().lock();
        try {
            java.util.Set<String> ids = new java.util.LinkedHashSet<>();
            for (int v = Math.max(0, version); v < versions; v++) {
                ids.add(subjectIdOf(reportSubject[versionReport[v]]));
            }
            return ids;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The index of the first version after {@code position} (versions are in log order). */
    public int versionAfter(long position) {
        lock.readLock().lock();
        try {
            int lo = 0;
            int hi = versions;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (versionPosition[mid] <= position) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The ids of the day's rallies. */
    public java.util.List<String> rallies() {
        lock.readLock().lock();
        try {
            java.util.List<String> ids = new ArrayList<>();
            for (int s = 0; s < subjects; s++) {
                if (subjectKind[s] == Kind.HEADCOUNT.ordinal()) {
                    ids.add(subjectIdOf(s));
                }
            }
            return ids;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Describes a subject, or describes it again (an earlier-submitted report of it came to light). */
    public void describe(Subject subject) {
        int found = subjectIndexOf(subject.subjectId());
        boolean existing = found >= 0;
        int s = existing ? found : addSubject(subject.subjectId(), subject.kind());
        if (subject.name() == null) {
            subjectName[s] = -1;
        } else if (subjectName[s] < 0 || !texts.get(subjectName[s]).equals(subject.name())) {
            subjectName[s] = texts.add(subject.name());
        }
        subjectKind[s] = (byte) subject.kind().ordinal();
        subjectSector[s] = subject.sector() == null ? -1 : (byte) Sector.valueOf(subject.sector()).ordinal();
        if (existing && (subjectLat[s] != subject.lat() || subjectLon[s] != subject.lon())) {
            zoneVersions.forEach(z -> z.describedAgain(s));
        }
        if (existing) {
            if (describedAgainCount == describedAgain.length) {
                describedAgain = Arrays.copyOf(describedAgain, describedAgainCount * 2);
            }
            describedAgain[describedAgainCount++] = s;
        }
        subjectLat[s] = subject.lat();
        subjectLon[s] = subject.lon();
    }

    int reporterCount() {
        return reporterIndex.size();
    }

    /** The subject's description is from the submission at {@code position} (its first-submitted report's). */
    public void describedBy(String subject, long position) {
        int s = subjectIndexOf(subject);
        if (s >= 0) {
            subjectSubmitted[s] = position;
        }
    }

    /**
     * Whether the subject is described by a submission at or before {@code position}: a report submitted there then
     * leaves its description as it is (a subject is described by its first-submitted report).
     */
    public boolean isDescribedBefore(String subject, long position) {
        int s = subjectIndexOf(subject);
        return s >= 0 && subjectName[s] >= 0 && subjectSubmitted[s] <= position;
    }

    /** The day's event at {@code position}, and its zones, campaign and status after it. */
    public void dayEvent(Instant recordedAt, long position, ZoneIndex zones, String campaignId, String status) {
        zoneVersions.add(new ZoneVersion(TallyEngine.micros(recordedAt), position, zones, campaignId, status));
        this.position = Math.max(this.position, position);
        maxRecorded = Math.max(maxRecorded, TallyEngine.micros(recordedAt));
    }

    /**
     * Makes room for this many versions, reports and subjects in all, so that reading a large day grows no array
     * (growing one holds the old and the new copy at once: on a day of 10^6 events, more than the heap had left).
     */
    void reserve(int versions, int reports, int subjects) {
        if (versions > versionReport.length) {
            growVersions(versions);
        }
        if (reports > reportKind.length) {
            growReports(reports);
            reportIds.reserve(reports);
        }
        if (subjects > subjectId.length) {
            growSubjects(subjects);
            if (subjects * 4 > subjectSlots.length * 3) {
                resizeSubjectSlots(Integer.highestOneBit(subjects * 4 / 3 + 1) << 1);
            }
        }
    }

    /** Appends a report's version; versions come in log order. */
    public void append(Version v) {
        int report = reportIds.get(v.reportId());
        if (report < 0) {
            report = addReport(v);
        }
        int i = versions;
        if (i == versionReport.length) {
            growVersions(i + (i >> 1));
        }
        versionReport[i] = report;
        versionPrevious[i] = reportLast[report];
        versionPosition[i] = v.position();
        versionRecorded[i] = TallyEngine.micros(v.recordedAt());
        versionObserved[i] = TallyEngine.micros(v.observedAt());
        versionFigure[i] = v.kind() == Kind.HEADCOUNT ? v.headcount() : v.participants();
        versionCode[i] = (byte) (v.status() != null ? v.status().ordinal() : v.type() != null ? v.type().ordinal() : 0);
        versionState[i] = (byte) (v.verdict().ordinal() | (v.retracted() ? RETRACTED : 0));
        reportLast[report] = i;
        maxRecorded = Math.max(maxRecorded, versionRecorded[i]);
        versions = i + 1;
        position = Math.max(position, v.position());
    }

    private void growVersions(int n) {
        versionReport = Arrays.copyOf(versionReport, n);
        versionPrevious = Arrays.copyOf(versionPrevious, n);
        versionPosition = Arrays.copyOf(versionPosition, n);
        versionRecorded = Arrays.copyOf(versionRecorded, n);
        versionObserved = Arrays.copyOf(versionObserved, n);
        versionFigure = Arrays.copyOf(versionFigure, n);
        versionCode = Arrays.copyOf(versionCode, n);
        versionState = Arrays.copyOf(versionState, n);
    }

    /** Every event up to {@code position} has been applied. */
    public void processedThrough(long position) {
        this.position = Math.max(this.position, position);
    }

    private int addReport(Version v) {
        int r = reports;
        if (r == reportKind.length) {
            growReports(r + (r >> 1));
        }
        int subject = subjectIndexOf(v.subjectId());
        reportKind[r] = (byte) v.kind().ordinal();
        reportSubject[r] = subject < 0 ? addSubject(v.subjectId(), v.kind()) : subject;
        reportReporter[r] = reporterIndex.computeIfAbsent(v.reporterId(), id -> reporterIndex.size());
        reportSubmitted[r] = v.submittedAt();
        reportLast[r] = -1;
        reportNext[r] = subjectFirst[reportSubject[r]];
        subjectFirst[reportSubject[r]] = r;
        reportIds.put(v.reportId(), r);
        reports = r + 1;
        return r;
    }

    private void growReports(int n) {
        reportKind = Arrays.copyOf(reportKind, n);
        reportSubject = Arrays.copyOf(reportSubject, n);
        reportReporter = Arrays.copyOf(reportReporter, n);
        reportSubmitted = Arrays.copyOf(reportSubmitted, n);
        reportLast = Arrays.copyOf(reportLast, n);
        reportNext = Arrays.copyOf(reportNext, n);
    }

    private int addSubject(String id, Kind kind) {
        int s = subjects;
        if (s == subjectId.length) {
            growSubjects(s + (s >> 1));
        }
        subjectFirst[s] = -1;
        subjectSubmitted[s] = Long.MAX_VALUE;
        subjectId[s] = texts.add(id);
        subjectName[s] = -1;
        subjectHash[s] = mix(id.hashCode());
        subjectKind[s] = (byte) kind.ordinal();
        subjectSector[s] = -1;
        if ((s + 1) * 4 > subjectSlots.length * 3) {
            resizeSubjectSlots(subjectSlots.length * 2);
        }
        slot(subjectSlots, s);
        subjects = s + 1;
        return s;
    }

    private void growSubjects(int n) {
        subjectId = Arrays.copyOf(subjectId, n);
        subjectName = Arrays.copyOf(subjectName, n);
        subjectHash = Arrays.copyOf(subjectHash, n);
        subjectKind = Arrays.copyOf(subjectKind, n);
        subjectSector = Arrays.copyOf(subjectSector, n);
        subjectLat = Arrays.copyOf(subjectLat, n);
        subjectLon = Arrays.copyOf(subjectLon, n);
        subjectFirst = Arrays.copyOf(subjectFirst, n);
        subjectSubmitted = Arrays.copyOf(subjectSubmitted, n);
    }

    private void resizeSubjectSlots(int n) {
        int[] slots = ReportIds.filled(n);
        for (int i = 0; i < subjects; i++) {
            slot(slots, i);
        }
        subjectSlots = slots;
    }

    private void slot(int[] slots, int s) {
        int mask = slots.length - 1;
        int slot = subjectHash[s] & mask;
        while (slots[slot] >= 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = s;
    }

    private static int mix(int hash) {
        int x = hash * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /** This index's live view in a mode ({@link LiveTally}). */
    synchronized LiveTally live(Mode mode) {
        LiveTally tally = live[mode.ordinal()];
        if (tally == null) {
            tally = new LiveTally(this, mode);
            live[mode.ordinal()] = tally;
        }
        return tally;
    }

    /** The highest-positioned version of a report recorded at or before {@code knownAt}; -1 if none. */
    int versionAt(int report, long knownAt) {
        int v = reportLast[report];
        while (v >= 0 && versionRecorded[v] > knownAt) {
            v = versionPrevious[v];
        }
        return v;
    }

    /** Counts in ALL mode unless retracted or disputed; in VERIFIED mode only when verified (DOMAIN.md). */
    boolean counts(int version, Mode mode) {
        int state = versionState[version];
        if ((state & RETRACTED) != 0) {
            return false;
        }
        Verdict verdict = VERDICTS[state & 3];
        return mode == Mode.ALL ? verdict != Verdict.DISPUTED : verdict == Verdict.VERIFIED;
    }

    Subject subject(int s) {
        String name = subjectName[s] < 0 ? null : texts.get(subjectName[s]);
        return new Subject(subjectIdOf(s), KINDS[subjectKind[s]], name,
                subjectSector[s] < 0 ? null : SECTORS[subjectSector[s]].name(), subjectLat[s], subjectLon[s]);
    }

    int subjectIndexOf(String id) {
        int[] slots = subjectSlots;
        int mask = slots.length - 1;
        int hash = mix(id.hashCode());
        byte[] key = null;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int s = slots[slot];
            if (s < 0) {
                return -1;
            }
            if (subjectHash[s] == hash) {
                key = key == null ? texts.key(id) : key;
                if (texts.equals(subjectId[s], key)) {
                    return s;
                }
            }
        }
    }

    /** The id of subject {@code s}. */
    String subjectIdOf(int s) {
        return texts.get(subjectId[s]);
    }

    /** The zones as known at {@code knownAt}: those after the day's last event recorded by then (none before). */
    ZoneVersion zonesAt(long knownAt) {
        ZoneVersion at = null;
        for (ZoneVersion z : zoneVersions) {
            if (z.recorded <= knownAt && (at == null || z.position > at.position)) {
                at = z;
            }
        }
        return at;
    }

    /** The day's campaign as known at {@code knownAt}; null if none (or the day was not planned yet). */
    public String campaignAt(Instant knownAt) {
        ZoneVersion at = zonesAt(TallyEngine.micros(knownAt));
        return at == null ? null : at.campaignId;
    }

    /** The day's zones as known at {@code knownAt}; null before it was planned. */
    public ZoneIndex zoneIndexAt(Instant knownAt) {
        ZoneVersion at = zonesAt(TallyEngine.micros(knownAt));
        return at == null ? null : at.zones;
    }

    /** The day's status as known at {@code knownAt}; null before it was planned. */
    public String statusAt(Instant knownAt) {
        ZoneVersion at = zonesAt(TallyEngine.micros(knownAt));
        return at == null ? null : at.status;
    }

    /** The position of the day's last zone event recorded at or before {@code knownAt}; 0 if none. */
    long dayPositionAt(long knownAt) {
        long p = 0;
        for (ZoneVersion z : zoneVersions) {
            if (z.recorded <= knownAt) {
                p = Math.max(p, z.position);
            }
        }
        return p;
    }

    /** Report ids to their index: open addressing over the UUID's two halves, no object per report. */
    private static final class ReportIds {
        private long[] high = new long[64];
        private long[] low = new long[64];
        private int[] index = filled(64);
        private int size;

        int get(UUID id) {
            int mask = index.length - 1;
            for (int slot = hash(id) & mask; ; slot = (slot + 1) & mask) {
                if (index[slot] < 0) {
                    return -1;
                }
                if (high[slot] == id.getMostSignificantBits() && low[slot] == id.getLeastSignificantBits()) {
                    return index[slot];
                }
            }
        }

        void put(UUID id, int value) {
            if ((size + 1) * 4 > index.length * 3) {
                resize(index.length * 2);
            }
            insert(id.getMostSignificantBits(), id.getLeastSignificantBits(), value);
        }

        /** Room for this many ids in all without growing. */
        void reserve(int ids) {
            if (ids * 4 > index.length * 3) {
                resize(Integer.highestOneBit(ids * 4 / 3 + 1) << 1);
            }
        }

        private void resize(int n) {
            long[] oldHigh = high;
            long[] oldLow = low;
            int[] oldIndex = index;
            high = new long[n];
            low = new long[n];
            index = filled(n);
            size = 0;
            for (int i = 0; i < oldIndex.length; i++) {
                if (oldIndex[i] >= 0) {
                    insert(oldHigh[i], oldLow[i], oldIndex[i]);
                }
            }
        }

        private void insert(long h, long l, int value) {
            int mask = index.length - 1;
            int slot = hash(h, l) & mask;
            while (index[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            high[slot] = h;
            low[slot] = l;
            index[slot] = value;
            size++;
        }

        private static int hash(UUID id) {
            return hash(id.getMostSignificantBits(), id.getLeastSignificantBits());
        }

        private static int hash(long h, long l) {
            long x = h * 0x9E3779B97F4A7C15L ^ l;
            x ^= x >>> 31;
            return (int) (x ^ (x >>> 32));
        }

        static int[] filled(int n) {
            int[] a = new int[n];
            Arrays.fill(a, -1);
            return a;
        }
    }
}
