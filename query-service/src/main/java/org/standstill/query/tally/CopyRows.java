package org.standstill.query.tally;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rows for {@code COPY ... FROM STDIN (FORMAT binary)}: the cheapest way in for rows that are only ever appended —
 * each value goes as the bytes PostgreSQL stores (a timestamp as its microseconds, a UUID as its 16 bytes), so nothing
 * is printed here nor parsed there, no arrays, no conflict checks. Appending a row that is there already fails the
 * batch: it would mean the log was fed twice. Each row gives its number of columns, then one value per column, in the
 * order of the column list and of the column's type.
 */
final class CopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds of the Unix epoch. */
    private static final long POSTGRES_EPOCH = 946_684_800L;

    /** Bytes a chunk holds: well below G1's humongous size, however large the batch. */
    static final int CHUNK = 1 << 16;

    /** The chunks filled so far, each with its length; {@link #bytes} is the one being filled. */
    private final List<byte[]> filled = new ArrayList<>();
    private final List<Integer> filledLengths = new ArrayList<>();
    private byte[] bytes = new byte[CHUNK];
    private int length;

    CopyRows() {
        put(SIGNATURE, 0, SIGNATURE.length);
        int32(0); // flags
        int32(0); // no header extension
    }

    CopyRows row(int columns) {
        int16(columns);
        return this;
    }

    CopyRows text(String value) {
        if (value == null) {
            return none();
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length);
        put(utf8, 0, utf8.length);
        return this;
    }

    CopyRows int8(long value) {
        int32(8);
        int64(value);
        return this;
    }

    CopyRows int4(Integer value) {
        if (value == null) {
            return none();
        }
        int32(4);
        int32(value);
        return this;
    }

    CopyRows float8(double value) {
        int32(8);
        int64(Double.doubleToRawLongBits(value));
        return this;
    }

    CopyRows bool(boolean value) {
        int32(1);
        room(1);
        bytes[length++] = (byte) (value ? 1 : 0);
        return this;
    }

    CopyRows uuid(UUID value) {
        if (value == null) {
            return none();
        }
        int32(16);
        int64(value.getMostSignificantBits());
        int64(value.getLeastSignificantBits());
        return this;
    }

    CopyRows timestamptz(Instant value) {
        if (value == null) {
            return none();
        }
        int32(8);
        int64(microseconds(value));
        return this;
    }

    /**
     * The instant in PostgreSQL's microseconds since 2000, rounded as PostgreSQL rounds the instant's text (the
     * fraction of a second read as a double, times a million, to the nearest even): the same value as if the instant
     * went in as text, as the live tables' rows do.
     */
    static long microseconds(Instant instant) {
        long seconds = instant.getEpochSecond() - POSTGRES_EPOCH;
        int nanos = instant.getNano();
        long micros = nanos % 1000 == 0 ? nanos / 1000
                : (long) Math.rint(Double.parseDouble(String.format("0.%09d", nanos)) * 1_000_000);
        return seconds * 1_000_000 + micros;
    }

    private CopyRows none() {
        int32(-1);
        return this;
    }

    void into(Connection c, String table) throws SQLException {
        int16(-1); // the trailer
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN (FORMAT binary)");
        try {
            for (int i = 0; i < filled.size(); i++) {
                copy.writeToCopy(filled.get(i), 0, filledLengths.get(i));
            }
            copy.writeToCopy(bytes, 0, length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void int16(int value) {
        room(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void int32(int value) {
        room(4);
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void int64(long value) {
        room(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (value >>> shift);
        }
    }

    private void put(byte[] from, int offset, int count) {
        room(count);
        System.arraycopy(from, offset, bytes, length, count);
        length += count;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            filled.add(bytes);
            filledLengths.add(length);
            bytes = new byte[Math.max(CHUNK, more)];
            length = 0;
        }
    }
}
