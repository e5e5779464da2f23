package org.standstill.command.token;

import org.standstill.platform.BearerTokens;

import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;
import org.standstill.command.config.StandstillProperties;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Instant;

/** Signs tokens that both services verify with the shared secret. */
@Component
public class Tokens {

    private final NimbusJwtEncoder encoder;
    private final StandstillProperties properties;
    private final Clock clock;

    Tokens(SecretKey tokenKey, StandstillProperties properties, Clock clock) {
        this.encoder = NimbusJwtEncoder.withSecretKey(tokenKey).build();
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param subject the holder's pseudonym — never a person's name
     * @param label   what the holder is for (e.g. "north desk"), for the people who hand tokens out
     * @param dayId   the day a reporter token is bound to, or {@code null}
     */
    public String issue(String role, String subject, String label, String dayId) {
        return issue(role, subject, label, dayId, UUID.randomUUID());
    }

    /** As {@link #issue(String, String, String, String)}, with the token's own id ({@code jti}), to revoke it by. */
    public String issue(String role, String subject, String label, String dayId, UUID tokenId) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .id(tokenId.toString())
                .issuer(BearerTokens.ISSUER)
                .audience(List.of(BearerTokens.AUDIENCE))
                .subject(subject)
                .issuedAt(now)
                .expiresAt(now.plus(properties.tokenTtl()))
                .claim("role", role);
        if (label != null) {
            claims.claim("label", label);
        }
        if (dayId != null) {
            claims.claim("day", dayId);
        }
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
    }
}
