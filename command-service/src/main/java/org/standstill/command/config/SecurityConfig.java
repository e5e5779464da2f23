package org.standstill.command.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.standstill.command.limit.RequestLimits;
import org.standstill.command.reporter.ReporterLookup;
import org.standstill.platform.BearerTokens;
import org.standstill.platform.RevokedTokens;

import javax.crypto.SecretKey;
import java.util.List;

/**
 * Bearer tokens (the ADMIN token from the environment, or a JWT this service signed: see {@link BearerTokens}); a
 * revoked reporter, or a revoked staff token, is refused with 401 at once.
 */
@Configuration
class SecurityConfig {

    private static final String JOIN = "/api/join";

    @Bean
    SecretKey tokenKey(StandstillProperties properties) {
        return BearerTokens.key(properties.tokenSecret());
    }

    @Bean
    RevokedTokens revokedTokens(JdbcClient jdbc) {
        return new RevokedTokens(jdbc);
    }

    /** Signed by us, unexpired, from us for us, and not revoked: a revocation is in force at once. */
    @Bean
    JwtDecoder jwtDecoder(SecretKey tokenKey, ReporterLookup reporters, RevokedTokens revokedTokens) {
        return BearerTokens.decoder(tokenKey, jwt -> "REPORTER".equals(jwt.getClaimAsString("role"))
                ? reporters.isRevoked(jwt.getSubject()) : revokedTokens.contains(jwt.getId()));
    }

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

    /**
     * Who may do what; the report handlers also check that a reporter acts on their own day and their
     * own reports. Limits: the rate once the caller is known, the body size once they are allowed.
     */
    @Bean
    SecurityFilterChain api(HttpSecurity http, StandstillProperties properties, JwtDecoder jwtDecoder,
                            RequestLimits limits) throws Exception {
        AuthenticationManager tokens = BearerTokens.manager(properties.adminToken(), jwtDecoder);
        DefaultBearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();
        // A host's CORS rules are compiled once (patterns), not on every request; the Host header is the caller's, so
        // only a few hosts are kept.
        Cache<String, CorsConfiguration> corsByHost = Caffeine.newBuilder().maximumSize(64).build();
        return http
                .csrf(csrf -> csrf.disable())
                .cors(cors -> cors.configurationSource(request -> corsByHost.get(request.getServerName(),
                        host -> cors(host, properties.allowedOrigins()))))
                // Stateless and for API clients: no anonymous principal, no saved request, no logout page.
                .anonymous(a -> a.disable())
                .requestCache(c -> c.disable())
                .logout(l -> l.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/prometheus",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, JOIN).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/tokens", "/api/tokens/*/revocation").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/days/*/invites",
                                "/api/days/*/reporters/*/revocation").hasRole("COORDINATOR")
                        .requestMatchers(HttpMethod.POST, "/api/days/*/reports/*/verdict").hasRole("COORDINATOR")
                        .requestMatchers(HttpMethod.POST, "/api/days/*/reports", "/api/days/*/report-batches",
                                "/api/days/*/reports/*/corrections", "/api/days/*/reports/*/retraction")
                        .hasAnyRole("COORDINATOR", "REPORTER")
                        .requestMatchers(HttpMethod.POST, "/api/days", "/api/days/**").hasRole("COORDINATOR")
                        .requestMatchers(HttpMethod.POST, "/api/campaigns").hasRole("COORDINATOR")
                        .requestMatchers(HttpMethod.PUT, "/api/days/**").hasRole("COORDINATOR")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        // Joining needs no token: one sent anyway (say, a revoked one still on the phone) is ignored.
                        .bearerTokenResolver(request -> JOIN.equals(request.getRequestURI()) ? null
                                : bearerTokens.resolve(request))
                        .authenticationManagerResolver(request -> tokens)
                        .authenticationEntryPoint(BearerTokens.unauthorized())
                        .accessDeniedHandler(BearerTokens.forbidden()))
                .exceptionHandling(x -> x
                        .authenticationEntryPoint(BearerTokens.unauthorized())
                        .accessDeniedHandler(BearerTokens.forbidden()))
                .addFilterAfter(limits.rateLimit(), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(limits.bodySize(), AuthorizationFilter.class)
                .build();
    }

    /**
     * Browsers call from the query service's pages: on this service's own host (any port: a phone reaches both by the
     * machine's address), or an origin named in STANDSTILL_ALLOWED_ORIGINS.
     */
    private static CorsConfiguration cors(String host, List<String> allowedOrigins) {
        CorsConfiguration config = new CorsConfiguration();
        for (String name : sameMachine(host)) {
            for (String scheme : List.of("http://", "https://")) {
                config.addAllowedOriginPattern(scheme + name);
                config.addAllowedOriginPattern(scheme + name + ":[*]");
            }
        }
        allowedOrigins.forEach(config::addAllowedOrigin);
        config.setAllowedMethods(List.of("GET", "POST", "PUT"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        config.setExposedHeaders(List.of("Retry-After", "Location"));
        config.setMaxAge(3600L);
        return config;
    }

    /** The request's host as an origin's host; for this machine's loopback names, all of them. */
    static List<String> sameMachine(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]")) {
            return List.of("localhost", "127.0.0.1", "[::1]");
        }
        return List.of(h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h);
    }
}
