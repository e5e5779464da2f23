package org.standstill.command.reporter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Invite codes and pseudonyms: random, from an alphabet that is easy to read out and to type on a
 * phone (no 0/O, no 1/I). Ten symbols of five bits make an invite code of 50 random bits.
 */
final class Codes {

    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    static final int INVITE_LENGTH = 10;
    static final int PSEUDONYM_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Codes() {
    }

    static String invite() {
        return random(INVITE_LENGTH);
    }

    /** A reporter's pseudonym, e.g. {@code r-k7qm2x9hbw4t}: random, derived from nothing about the person. */
    static String pseudonym() {
        return "r-" + random(PSEUDONYM_LENGTH).toLowerCase(Locale.ROOT);
    }

    /** A code as typed, as it was issued: case, spaces and dashes do not matter. */
    static String normalize(String typed) {
        return typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /**
     * What is wrong with a normalized code as an invite code, in words that follow "code: ", or null if nothing is:
     * its length, else the characters no invite code has (0, 1, I and O are left out so that none is misread).
     */
    static String problemWith(String code) {
        if (code.length() != INVITE_LENGTH) {
            return "must have " + INVITE_LENGTH + " characters; this one has " + code.length();
        }
        String wrong = code.chars().filter(c -> ALPHABET.indexOf(c) < 0).distinct()
                .mapToObj(c -> "“" + Character.toString(c) + "”").collect(java.util.stream.Collectors.joining(", "));
        return wrong.isEmpty() ? null : "has " + wrong + ", which no invite code has: invite codes use the digits 2 to 9"
                + " and the letters A to Z without I and O";
    }

    /** Whether a normalized code could be an invite code at all. */
    static boolean isInvite(String code) {
        return code.length() == INVITE_LENGTH && code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    /** What is stored of an invite code: its SHA-256, in hex. */
    static String hash(String code) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static String random(int length) {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
