package org.standstill.platform;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * How a report's note is sealed in its events, so that deleting the report's key erases it from the log that is
 * never rewritten (crypto-shredding). The command service seals, the query service opens: both through this class.
 *
 * <p>A sealed note is the Base64 (RFC 4648, with padding) of a 12-byte nonce followed by the AES-256-GCM ciphertext
 * of the note's UTF-8 bytes and its 16-byte tag, with the report id (its canonical text) as additional authenticated
 * data, so a sealed note opens only as the note of the report it was sealed for. Each report has its own 32-byte key
 * ({@link NoteKeys}); nonces are random (JDK {@link SecureRandom}), so the same note sealed twice reads differently
 * and whether two notes are the same is decided by opening them, never by comparing sealed text.
 */
public final class NoteSeal {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private NoteSeal() {
    }

    /** A new random key for a report. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** A new random nonce: one per note sealed. */
    public static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** The note sealed for the report with its key and a new random nonce. */
    public static String seal(byte[] key, UUID reportId, String note) {
        return seal(key, reportId, note, newNonce());
    }

    /** The note sealed for the report with its key and this nonce, which must never be used again with this key. */
    public static String seal(byte[] key, UUID reportId, String note, byte[] nonce) {
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("A nonce has " + NONCE_BYTES + " bytes, not " + nonce.length);
        }
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, reportId, nonce);
            byte[] sealed = cipher.doFinal(note.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * The note, opened with the report's key; empty when it cannot be opened with it (another key, another report's
     * note, or a text that is not a sealed note).
     */
    public static Optional<String> open(byte[] key, UUID reportId, String sealed) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, reportId, nonce);
            byte[] note = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Optional.of(new String(note, StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, UUID reportId, byte[] nonce) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("A note key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(reportId.toString().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
