package org.standstill.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** HS256 tokens made in the test: signed with the platform's secret (or another), to be refused for their content. */
final class ForgedTokens {

    private ForgedTokens() {
    }

    /** A JWT with these claims (JSON), signed with {@code secret}. */
    static String signed(String secret, String claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signed + "." + url.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A well-formed staff token of {@code role} from us for us, expiring at {@code expiresAt}. */
    static String staff(String secret, String role, Instant expiresAt) {
        return signed(secret, "{\"iss\":\"standstill\",\"aud\":[\"standstill\"],\"sub\":\"" + role.toLowerCase()
                + "-forged\",\"role\":\"" + role + "\",\"jti\":\"" + UUID.randomUUID() + "\",\"exp\":"
                + expiresAt.getEpochSecond() + "}");
    }
}
