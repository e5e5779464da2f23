package org.standstill.query.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.standstill.platform.BearerTokens;
import org.standstill.platform.RevokedTokens;
import org.standstill.query.limit.QueryLimits;
import org.standstill.query.web.ContentSecurityPolicy;
import org.standstill.query.reporter.RevokedReporters;

/**
 * Bearer tokens, as the command service issues them and checks them ({@link BearerTokens}): a revoked reporter's or
 * staff token is refused with 401 (any other REPORTER token with 403). The same check guards the REST API and STOMP
 * CONNECT.
 */
@Configuration
class SecurityConfig {

    /** A request the firewall refuses (a path with ";" or "..") is answered with a problem, like every other error. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return org.standstill.platform.Problems.rejectedRequests();
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return BearerTokens.roles();
    }

    /**
     * No observation of each security filter, authentication and authorization: the observations wrapping every
     * filter of every request were in a sixth of the command service's profile samples under load. The HTTP server's
     * own timer is kept.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    AuthenticationManager bearerTokens(StandstillProperties properties, RevokedReporters reporters, JdbcClient jdbc) {
        RevokedTokens staff = new RevokedTokens(jdbc);
        return BearerTokens.manager(properties.adminToken(), BearerTokens.decoder(
                BearerTokens.key(properties.tokenSecret()), jwt -> "REPORTER".equals(jwt.getClaimAsString("role"))
                        ? reporters.contains(jwt.getSubject()) : staff.contains(jwt.getId())));
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager bearerTokens, ContentSecurityPolicy policy,
                            QueryLimits limits) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.addHeaderWriter(policy))
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
                                "/api/days/*/integrity", "/api/days/*/reports.csv", "/api/days/*/reports.geojson",
                                "/api/campaigns/*/events.jsonl", "/api/campaigns/*/integrity")
                        .hasRole("AUDITOR")
                        .requestMatchers("/api/projections/**").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers("/api/**").hasAnyRole("COORDINATOR", "AUDITOR")
                        // the UI's static files, the docs, health, and /ws (authenticated on STOMP CONNECT)
                        .anyRequest().permitAll())
                .oauth2ResourceServer(o -> o
                        .authenticationManagerResolver(request -> bearerTokens)
                        .authenticationEntryPoint(BearerTokens.unauthorized())
                        .accessDeniedHandler(BearerTokens.forbidden()))
                .exceptionHandling(x -> x
                        .authenticationEntryPoint(BearerTokens.unauthorized())
                        .accessDeniedHandler(BearerTokens.forbidden()))
                .addFilterAfter(limits.rateLimit(), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(limits.expensiveViews(), AuthorizationFilter.class)
                .build();
    }
}
