package org.standstill.api.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evident chain of the event log: every stored event carries in its metadata a SHA-256 over
 * its canonical content and the hash of the previous event of the same aggregate. The canonical content
 * is what the event store keeps: aggregate id, sequence number, payload type and revision, timestamp (as
 * stored) and the serialized payload bytes. The command side computes it when an event is applied; an
 * auditor recomputes it from the stored rows.
 */
public final class ChainHash {

    /** Metadata key of an event's own hash. */
    public static final String HASH = "hash";
    /** Metadata key of the hash of the previous event of the same aggregate ("" for the first). */
    public static final String PREVIOUS = "previousHash";

    private ChainHash() {
    }

    /** The digest of a checkpoint: over its heads, one line each, in the order given. */
    public static String digest(java.util.List<Head> heads) {
        StringBuilder lines = new StringBuilder();
        heads.forEach(h -> lines.append(h.aggregateId()).append(' ').append(h.sequence()).append(' ')
                .append(h.hash()).append('\n'));
        return sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String of(String aggregateId, long sequence, String payloadType, String payloadRevision,
                            String timestamp, byte[] payload, String previousHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[]{aggregateId, Long.toString(sequence), payloadType,
                    payloadRevision == null ? "" : payloadRevision, timestamp}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            sha.update(payload);
            sha.update((byte) '\n');
            sha.update(previousHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
