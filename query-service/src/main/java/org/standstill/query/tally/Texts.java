package org.standstill.query.tally;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Many short strings kept as their UTF-8 bytes, one after another in chunks, each found by an int: no object per
 * string (a {@code String} and its array cost about 40 bytes before the first character). A string that begins with
 * {@code prefix} (a day's subject ids begin with the day's id) is kept without it. Chunks are small enough that the
 * garbage collector never has to find room for one huge array. Appended by one writer; a string once added never
 * changes (describing a subject again adds its new name).
 */
final class Texts {

    /** Bytes a chunk holds: below G1's humongous size for the smallest heap regions (1 MB regions: 512 KB). */
    static final int CHUNK = 1 << 18;
    private static final int PREFIXED = 0x8000_0000;

    private final String prefix;
    private byte[][] chunks = {new byte[1024]};
    /** Bytes used in the last chunk. */
    private int used;

    Texts(String prefix) {
        this.prefix = prefix;
    }

    /** Adds a string; the int that finds it again. */
    int add(String text) {
        byte[] key = key(text);
        int bytes = key.length - 1;
        int need = 4 + bytes;
        byte[] chunk = chunks[chunks.length - 1];
        if (used + need > chunk.length) {
            if (used + need <= CHUNK) {
                chunk = Arrays.copyOf(chunk, Math.min(CHUNK, Math.max(chunk.length * 2, used + need)));
            } else {
                chunks = Arrays.copyOf(chunks, chunks.length + 1);
                chunk = new byte[Math.max(Math.min(CHUNK, chunk.length), need)];
                used = 0;
            }
            chunks[chunks.length - 1] = chunk;
        }
        int at = used;
        int length = bytes | (key[0] == 1 ? PREFIXED : 0);
        chunk[at] = (byte) (length >>> 24);
        chunk[at + 1] = (byte) (length >>> 16);
        chunk[at + 2] = (byte) (length >>> 8);
        chunk[at + 3] = (byte) length;
        System.arraycopy(key, 1, chunk, at + 4, bytes);
        used += need;
        return handle(chunks.length - 1, at);
    }

    /** The string {@code handle} finds. */
    String get(int handle) {
        byte[] chunk = chunks[handle >>> 18];
        int at = handle & (CHUNK - 1);
        int length = length(chunk, at);
        String text = new String(chunk, at + 4, length & ~PREFIXED, StandardCharsets.UTF_8);
        return (length & PREFIXED) != 0 ? prefix + text : text;
    }

    /** Whether the string {@code handle} finds is {@code text} given as {@link #key} made it. */
    boolean equals(int handle, byte[] key) {
        byte[] chunk = chunks[handle >>> 18];
        int at = handle & (CHUNK - 1);
        int length = length(chunk, at);
        int bytes = length & ~PREFIXED;
        return (key[0] == 1) == ((length & PREFIXED) != 0) && bytes == key.length - 1
                && Arrays.equals(chunk, at + 4, at + 4 + bytes, key, 1, key.length);
    }

    /** A string as {@link #equals(int, byte[])} compares it: whether it is prefixed, then its kept bytes. */
    byte[] key(String text) {
        boolean prefixed = !prefix.isEmpty() && text.startsWith(prefix);
        byte[] bytes = (prefixed ? text.substring(prefix.length()) : text).getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[bytes.length + 1];
        key[0] = (byte) (prefixed ? 1 : 0);
        System.arraycopy(bytes, 0, key, 1, bytes.length);
        return key;
    }

    private static int handle(int chunk, int at) {
        if (chunk > 0x1FFF) {
            throw new IllegalStateException("More than " + (0x2000L * CHUNK) + " bytes of text in one index");
        }
        return chunk << 18 | at;
    }

    private static int length(byte[] chunk, int at) {
        return (chunk[at] & 0xFF) << 24 | (chunk[at + 1] & 0xFF) << 16 | (chunk[at + 2] & 0xFF) << 8
                | chunk[at + 3] & 0xFF;
    }
}
