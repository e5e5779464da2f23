package org.standstill.command.config;

import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.standstill.platform.ApiDocumentation;

import java.util.Set;

/**
 * This service's OpenAPI document ({@code /v3/api-docs}): what {@link ApiDocumentation} gives both services, and
 * the operations that differ from its rules. An operation is secured, rate limited and may answer 404 for its path
 * unless it is named here.
 */
@Configuration
class OpenApiConfig {

    private static final ApiDocumentation.Service SERVICE = new ApiDocumentation.Service(
            "Standstill command service",
            """
                    Everything that changes a day of action: planning, opening and closing days, invites and \
                    reporters, field reports and their corrections, retractions and verdicts, staff tokens. Every \
                    change is an event appended to the day's log in PostgreSQL; a 2xx answer is sent only once it \
                    is durably stored, with its `position` in the log (the query service's views say which \
                    position they are complete for). An error stores nothing.

                    Every call but `POST /api/join` carries `Authorization: Bearer <token>`. Errors are RFC 9457 \
                    problems (`application/problem+json`). The figures' rules are in DOMAIN.md, the whole \
                    contract in API.md.""",
            Set.of("POST /api/join"),
            Set.of(),
            Set.of("POST /api/tokens/{tokenId}/revocation"),
            "The body is larger than this service takes: 64 KiB (`STANDSTILL_LIMITS_MAX_BODY`), 4 MiB to plan a "
                    + "day or replace its zones (`STANDSTILL_LIMITS_MAX_ZONES`)");

    private final ApiDocumentation documentation = new ApiDocumentation(SERVICE);

    @Bean
    OpenAPI openApi() {
        return documentation.document();
    }

    @Bean
    ApiDocumentation apiDocumentation() {
        return documentation;
    }
}
