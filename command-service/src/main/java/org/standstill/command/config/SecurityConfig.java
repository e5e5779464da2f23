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
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Bearer tokens: the ADMIN token from the environment, or an HMAC-signed JWT carrying a {@code role}
 * claim (and for reporters their pseudonym as subject and their {@code day}).
 */
@Configuration
class SecurityConfig {

    @Bean
    SecretKey tokenKey(StandstillProperties properties) {
        return new SecretKeySpec(properties.tokenSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey tokenKey) {
        return NimbusJwtDecoder.withSecretKey(tokenKey).macAlgorithm(MacAlgorithm.HS256).build();
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_COORDINATOR
                ROLE_ADMIN > ROLE_AUDITOR
                """);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, StandstillProperties properties, JwtDecoder jwtDecoder)
            throws Exception {
        AuthenticationManager tokens = new ProviderManager(adminToken(properties.adminToken()), jwt(jwtDecoder));
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/prometheus",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/tokens").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/days/*/reports").hasAnyRole("COORDINATOR", "REPORTER")
                        .requestMatchers(HttpMethod.POST, "/api/days", "/api/days/**").hasRole("COORDINATOR")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .authenticationManagerResolver(request -> tokens)
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, 401, "Unauthorized", "A valid bearer token is required"))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, 403, "Forbidden", "Your role may not do this")))
                .exceptionHandling(x -> x
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, 401, "Unauthorized", "A valid bearer token is required"))
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
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
