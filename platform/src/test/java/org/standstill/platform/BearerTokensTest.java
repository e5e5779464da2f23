package org.standstill.platform;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens are verified once and remembered, but a revocation and an expiry are in force on the very next request. */
class BearerTokensTest {

    private final SecretKey key = BearerTokens.key("a-test-secret-of-thirty-two-bytes-or-more");
    private final Set<String> revoked = new HashSet<>();
    private final JwtDecoder decoder = BearerTokens.decoder(key, jwt -> revoked.contains(jwt.getSubject()));

    @Test
    void aVerifiedToken_isRefusedOnTheNextRequest_onceRevoked() {
        String token = token(key, "r-amberfox", Instant.now().plus(Duration.ofHours(1)), BearerTokens.AUDIENCE);
        assertThat(decoder.decode(token).getSubject()).isEqualTo("r-amberfox");

        revoked.add("r-amberfox");

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessage(BearerTokens.REVOKED);
    }

    @Test
    void aRememberedToken_isVerifiedAgain_onceItExpired() {
        String token = token(key, "r-greyowl", Instant.now().minus(Duration.ofMinutes(5)), BearerTokens.AUDIENCE);

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void tokensSignedWithAnotherKey_orForAnotherAudience_areRefused() {
        SecretKey other = BearerTokens.key("another-secret-of-thirty-two-bytes-or-more");
        String forged = token(other, "r-amberfox", Instant.now().plus(Duration.ofHours(1)), BearerTokens.AUDIENCE);
        String elsewhere = token(key, "r-amberfox", Instant.now().plus(Duration.ofHours(1)), "another-service");

        assertThatThrownBy(() -> decoder.decode(forged)).hasMessageContaining("signature");
        assertThatThrownBy(() -> decoder.decode(elsewhere)).isInstanceOf(JwtValidationException.class);
    }

    private static String token(SecretKey key, String subject, Instant expiresAt, String audience) {
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(BearerTokens.ISSUER).audience(List.of(audience))
                .subject(subject).issuedAt(expiresAt.minus(Duration.ofHours(2))).expiresAt(expiresAt)
                .claim("role", "REPORTER").build();
        return NimbusJwtEncoder.withSecretKey(key).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }
}
