package org.standstill.platform;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

/**
 * Who a caller is, decided the same way in both services: the ADMIN token from the environment, or an HMAC-SHA256
 * JWT the command service signed — unexpired, from issuer {@value #ISSUER} for audience {@value #AUDIENCE}, with a
 * {@code role} claim, and not revoked (a reporter by pseudonym, a staff token by its id). A revoked token is refused
 * with 401 "This token has been revoked"; any other refusal says a valid bearer token is required.
 */
public final class BearerTokens {

    public static final String ISSUER = "standstill";
    public static final String AUDIENCE = "standstill";
    public static final String REVOKED = "This token has been revoked";

    /** Whether a signed, unexpired token has been revoked. */
    public interface Revocations {
        boolean revoked(Jwt token);
    }

    private BearerTokens() {
    }

    public static SecretKey key(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public static RoleHierarchy roles() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_COORDINATOR
                ROLE_ADMIN > ROLE_AUDITOR
                """);
    }

    /**
     * Signed with {@code key}, unexpired, from us for us, and not revoked. A token whose signature and claims were
     * verified is remembered until it expires (at most {@value #VERIFIED_TOKENS} of them), so a phone sending report
     * after report costs one verification, not one a request; whether it is revoked is asked on every request, so a
     * revocation is in force at once.
     */
    public static JwtDecoder decoder(SecretKey key, Revocations revocations) {
        NimbusJwtDecoder verifier = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        verifier.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(ISSUER),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(AUDIENCE))));
        Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(VERIFIED_TOKENS).build();
        OAuth2Error revoked = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, REVOKED, null);
        return token -> {
            Jwt jwt = verified.getIfPresent(token);
            if (jwt == null || jwt.getExpiresAt() == null || !Instant.now().isBefore(jwt.getExpiresAt())) {
                jwt = verifier.decode(token);
                verified.put(token, jwt);
            }
            if (revocations.revoked(jwt)) {
                throw new JwtValidationException(REVOKED, List.of(revoked));
            }
            return jwt;
        };
    }

    /** How many verified tokens each service remembers. */
    static final int VERIFIED_TOKENS = 100_000;

    /** The admin token first (compared in constant time), then the JWT. */
    public static AuthenticationManager manager(String adminToken, JwtDecoder decoder) {
        return new ProviderManager(admin(adminToken), jwt(decoder));
    }

    private static AuthenticationProvider admin(String adminToken) {
        byte[] expected = adminToken.getBytes(StandardCharsets.UTF_8);
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String token = ((BearerTokenAuthenticationToken) authentication).getToken();
                if (!MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
                    return null; // not the admin token: let the JWT provider decide
                }
                return UsernamePasswordAuthenticationToken.authenticated(
                        "admin", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN"));
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    private static AuthenticationProvider jwt(JwtDecoder decoder) {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("role");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(converter);
        return provider;
    }

    /** 401, saying whether the token was revoked. */
    public static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            boolean revoked = isRevoked(e);
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(response, HttpServletResponse.SC_UNAUTHORIZED,
                    revoked ? "/problems/token-revoked" : "/problems/unauthorized", "Unauthorized",
                    revoked ? REVOKED : "A valid bearer token is required");
        };
    }

    /** 403. */
    public static AccessDeniedHandler forbidden() {
        return (request, response, e) -> Problems.write(response, HttpServletResponse.SC_FORBIDDEN,
                "/problems/forbidden", "Forbidden", "Your role may not do this");
    }

    /** Whether a refusal is that of a revoked token. */
    public static boolean isRevoked(AuthenticationException e) {
        return e.getCause() instanceof JwtValidationException invalid && invalid.getErrors().stream()
                .anyMatch(error -> REVOKED.equals(error.getDescription()));
    }
}
