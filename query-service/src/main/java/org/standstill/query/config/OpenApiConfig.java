package org.standstill.query.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.standstill.platform.ApiDocumentation;

import java.util.Set;

/**
 * This service's OpenAPI document ({@code /v3/api-docs}): what {@link ApiDocumentation} gives both services, and
 * the operations that differ from its rules. An operation is secured, rate limited and may answer 404 for its path
 * unless it is named here.
 */
@Configuration
class OpenApiConfig {

    static {
        // A streamed answer's operation says what it is (CSV, NDJSON, GeoJSON); never Spring's callback type.
        SpringDocUtils.getConfig().replaceWithSchema(StreamingResponseBody.class, new StringSchema().format("binary"));
    }

    private static final ApiDocumentation.Service SERVICE = new ApiDocumentation.Service(
            "Standstill query service",
            """
                    Everything that reads a day of action: the tally at any moment T as known at any moment K, the \
                    map, the timeline, the report feed, the event log and its exports, the integrity check and \
                    the projections' rebuild. Every view is computed from the append-only event log; its \
                    `position` promises that every event of the log at or below it is in it, and its `knownAt` is \
                    the latest instant it is complete for.

                    Every `/api/**` call but `GET /api/config` and the base map's tiles carries \
                    `Authorization: Bearer <token>`. The live views are pushed over STOMP at `/ws` (not described \
                    here: see API.md). Errors are RFC 9457 problems (`application/problem+json`). The figures' \
                    rules are in DOMAIN.md, the whole contract in API.md.""",
            Set.of("GET /api/config", "GET /api/tiles/{z}/{x}/{y}"),
            Set.of("GET /api/config", "GET /api/tiles/{z}/{x}/{y}"),
            Set.of(),
            null);

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
