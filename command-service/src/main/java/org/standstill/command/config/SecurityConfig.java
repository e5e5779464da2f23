package org.standstill.command.config;

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
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.standstill.command.limit.RequestLimits;
import org.standstill.command.reporter.ReporterLookup;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Bearer tokens: the ADMIN token from the environment, or an HMAC-signed JWT carrying a {@code role}
 * claim (and for reporters their pseudonym as subject and their {@code day}); a revoked reporter's
 * token is refused with 401.
 */
@Configuration
class SecurityConfig {

    private static final String JOIN = "/api/join";
    private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "This token has been revoked", null);

    @Bean
    SecretKey tokenKey(StandstillProperties properties) {
        return new SecretKeySpec(properties.tokenSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** Signed by us, unexpired, and, for a reporter, not revoked: a revocation is in force at once. */
    @Bean
    JwtDecoder jwtDecoder(SecretKey tokenKey, ReporterLookup reporters) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(tokenKey).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
                jwt -> "REPORTER".equals(jwt.getClaimAsString("role")) && reporters.isRevoked(jwt.getSubject())
                        ? OAuth2TokenValidatorResult.failure(REVOKED) : OAuth2TokenValidatorResult.success()));
        return decoder;
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_COORDINATOR
                ROLE_ADMIN > ROLE_AUDITOR
                """);
    }

    /**
     * Who may do what; the report handlers also check that a reporter acts on their own day and their
     * own reports. Limits: the rate once the caller is known, the body size once they are allowed.
     */
    @Bean
    SecurityFilterChain api(HttpSecurity http, StandstillProperties properties, JwtDecoder jwtDecoder,
                            RequestLimits limits) throws Exception {
        AuthenticationManager tokens = new ProviderManager(adminToken(properties.adminToken()), jwt(jwtDecoder));
        DefaultBearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();
        return http
                .csrf(csrf -> csrf.disable())
                // Browsers call from the query service's origin. Tokens travel in a header, never in a
                // cookie, so allowing any origin lends a page nothing it does not already hold.
                .cors(cors -> cors.configurationSource(request -> {
                    CorsConfiguration config = new CorsConfiguration();
                    config.addAllowedOriginPattern("*");
                    config.setAllowedMethods(List.of("GET", "POST", "PUT"));
                    config.setAllowedHeaders(List.of("Authorization", "Content-Type"));
                    config.setExposedHeaders(List.of("Retry-After", "Location"));
                    config.setMaxAge(3600L);
                    return config;
                }))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/prometheus",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, JOIN).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/tokens").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/days/*/invites",
                                "/api/days/*/reporters/*/revocation").hasRole("COORDINATOR")
                        .requestMatchers(HttpMethod.POST, "/api/days/*/reports/*/verdict").hasRole("COORDINATOR")
                        .requestMatchers(HttpMethod.POST, "/api/days/*/reports", "/api/days/*/reports/*/corrections",
                                "/api/days/*/reports/*/retraction").hasAnyRole("COORDINATOR", "REPORTER")
                        .requestMatchers(HttpMethod.POST, "/api/days", "/api/days/**").hasRole("COORDINATOR")
                        .requestMatchers(HttpMethod.PUT, "/api/days/**").hasRole("COORDINATOR")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        // Joining needs no token: one sent anyway (say, a revoked one still on the phone) is ignored.
                        .bearerTokenResolver(request -> JOIN.equals(request.getRequestURI()) ? null
                                : bearerTokens.resolve(request))
                        .authenticationManagerResolver(request -> tokens)
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, 401, "Unauthorized", unauthorized(e)))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, 403, "Forbidden", "Your role may not do this")))
                .exceptionHandling(x -> x
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, 401, "Unauthorized", unauthorized(e)))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, 403, "Forbidden", "Your role may not do this")))
                .addFilterAfter(limits.rateLimit(), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(limits.bodySize(), AuthorizationFilter.class)
                .build();
    }

    private static String unauthorized(AuthenticationException e) {
        return e.getCause() instanceof JwtValidationException invalid && invalid.getErrors().stream()
                .anyMatch(error -> REVOKED.getDescription().equals(error.getDescription()))
                ? REVOKED.getDescription() : "A valid bearer token is required";
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
