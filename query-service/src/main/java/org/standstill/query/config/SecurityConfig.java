package org.standstill.query.config;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.standstill.query.reporter.RevokedReporters;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Bearer tokens, as the command service issues them: the ADMIN token from the environment, or an
 * HMAC-signed JWT with a {@code role} claim; a revoked reporter's token is refused with 401 (any
 * other REPORTER token with 403). The same check guards the REST API and STOMP CONNECT.
 */
@Configuration
class SecurityConfig {

    private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "This token has been revoked", null);

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_COORDINATOR
                ROLE_ADMIN > ROLE_AUDITOR
                """);
    }

    @Bean
    AuthenticationManager bearerTokens(StandstillProperties properties, RevokedReporters revoked) {
        return new ProviderManager(adminToken(properties.adminToken()), jwt(properties.tokenSecret(), revoked));
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager bearerTokens) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/config").permitAll()
                        // base-map tiles: image requests carry no token, and the tiles are no secret
                        .requestMatchers(HttpMethod.GET, "/api/tiles/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/invite-sheet").hasRole("COORDINATOR")
                        .requestMatchers(HttpMethod.GET, "/api/days/*", "/api/days/*/places",
                                "/api/days/*/reporters/me/reports")
                        .hasAnyRole("COORDINATOR", "AUDITOR", "REPORTER")
                        .requestMatchers(HttpMethod.GET, "/api/days/*/events", "/api/days/*/events.jsonl",
                                "/api/days/*/integrity").hasRole("AUDITOR")
                        .requestMatchers("/api/projections/**").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers("/api/**").hasAnyRole("COORDINATOR", "AUDITOR")
                        // the UI's static files, the docs, health, and /ws (authenticated on STOMP CONNECT)
                        .anyRequest().permitAll())
                .oauth2ResourceServer(o -> o
                        .authenticationManagerResolver(request -> bearerTokens)
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, 401, "Unauthorized", unauthorized(e)))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, 403, "Forbidden", "Your role may not do this")))
                .exceptionHandling(x -> x
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, 401, "Unauthorized", unauthorized(e)))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, 403, "Forbidden", "Your role may not do this")))
                .build();
    }

    private static AuthenticationProvider adminToken(String adminToken) {
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

    private static String unauthorized(AuthenticationException e) {
        return e.getCause() instanceof JwtValidationException invalid && invalid.getErrors().stream()
                .anyMatch(error -> REVOKED.getDescription().equals(error.getDescription()))
                ? REVOKED.getDescription() : "A valid bearer token is required";
    }

    /** Signed by the command service, unexpired, and, for a reporter, not revoked. */
    private static AuthenticationProvider jwt(String secret, RevokedReporters revoked) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder
                .withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
                jwt -> "REPORTER".equals(jwt.getClaimAsString("role")) && revoked.contains(jwt.getSubject())
                        ? OAuth2TokenValidatorResult.failure(REVOKED) : OAuth2TokenValidatorResult.success()));
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("role");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(converter);
        return provider;
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        // A stable type a client can translate (API.md "Errors"): forbidden, unauthorized or token-revoked.
        String type = status == 403 ? "/problems/forbidden"
                : REVOKED.getDescription().equals(detail) ? "/problems/token-revoked" : "/problems/unauthorized";
        response.getWriter().write("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
