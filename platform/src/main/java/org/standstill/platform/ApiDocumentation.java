package org.standstill.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What both services' OpenAPI documents say alike, so that a client reads one contract: the bearer (JWT) security
 * scheme, the RFC 9457 problem every error is ({@code ProblemDetail}, {@code FieldError}), GeoJSON, and the answers
 * every operation can give besides its own. {@link #customise} runs over the generated document and gives each
 * operation, unless it says otherwise:
 * <ul>
 *     <li>the bearer requirement, or none ({@code security: []}) for the {@link Service#publicOperations};</li>
 *     <li>400 if it takes a body or a query parameter, 401 and 403 if it needs a token, 404 if its path names
 *     something ({@code {dayId}} …) unless it is one of the {@link Service#neverNotFound}, 413 if it takes a body and
 *     the service limits bodies, 429 unless it is one of the {@link Service#unlimitedOperations};</li>
 *     <li>the problem as the content of every 4xx and 5xx answer, also those an operation declares itself (a 409 or a
 *     503 needs only its {@code @ApiResponse(responseCode, description)}), and {@code Retry-After} on 429 and 503;
 *     no content on a 204 or a 304.</li>
 * </ul>
 * A new endpoint thus needs only its {@code @Operation(summary, operationId)}, its 2xx answers and its 409 if it has one.
 * Operations are named as {@code "POST /api/join"}, with the path as the document writes it.
 */
public final class ApiDocumentation implements OpenApiCustomizer {

    /** The name of the security scheme: {@code Authorization: Bearer <token>}. */
    public static final String BEARER = "bearer";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PROBLEM = "ProblemDetail";
    public static final String FIELD_ERROR = "FieldError";
    public static final String FEATURE_COLLECTION = "FeatureCollection";
    public static final String FEATURE = "Feature";
    /** The contract's version, that of docs/API.md. */
    public static final String VERSION = "1.1";

    static {
        // Free-form JSON (the zones a day is planned with, an event's payload) is a JSON value, not Jackson's node API.
        SpringDocUtils.getConfig().replaceWithSchema(tools.jackson.databind.JsonNode.class, new Schema<>()
                .description("Any JSON value"));
    }

    /**
     * What one service's document says of itself, and which of its operations differ from the rule.
     *
     * @param title               the document's title
     * @param description         what the service does (Markdown)
     * @param publicOperations    operations that take no token (no security, no 401 or 403)
     * @param unlimitedOperations operations that no rate limit applies to (no 429)
     * @param neverNotFound       operations with a path parameter that never answer 404
     * @param bodyLimit           what the service answers 413 for, or null if it does not limit bodies
     */
    public record Service(String title, String description, Set<String> publicOperations,
                          Set<String> unlimitedOperations, Set<String> neverNotFound, String bodyLimit) {
    }

    /** What the parameters both services name alike mean, for those an operation does not describe itself. */
    private static final Map<String, String> PARAMETERS = Map.of(
            "dayId", "The day of action's id",
            "reportId", "The report's id (a UUID made on the device)",
            "reporterId", "The reporter's pseudonym",
            "tokenId", "The staff token's id (the `tokenId` it was issued with)",
            "jobId", "The rebuild's id",
            "mode", "`ALL` counts every report, `VERIFIED` only verified ones");

    private final Service service;

    public ApiDocumentation(Service service) {
        this.service = service;
    }

    /** The document's start: its info, server, security scheme and the shared schemas; springdoc adds the paths. */
    public OpenAPI document() {
        Components components = new Components()
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("JWT").description("A token of the command service (`POST /api/tokens` for "
                                + "staff, `POST /api/join` for reporters), or the ADMIN token "
                                + "(`STANDSTILL_ADMIN_TOKEN`): `Authorization: Bearer <token>`. Tokens are HS256 JWTs "
                                + "from issuer `standstill` for audience `standstill`, valid 30 days, and carry a role: "
                                + "ADMIN (every right), COORDINATOR, AUDITOR or REPORTER (bound to a pseudonym and a "
                                + "day)."));
        sharedSchemas().forEach(components::addSchemas);
        return new OpenAPI()
                .info(new Info().title(service.title()).version(VERSION).description(service.description()))
                .servers(List.of(new Server().url("/").description("This service, at the address this document "
                        + "was read from")))
                .components(components);
    }

    @Override
    public void customise(OpenAPI api) {
        sharedSchemas().forEach((name, schema) -> api.getComponents().addSchemas(name, schema));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> complete(method + " " + path, path, operation)));
        // Schemas sorted by name, so that the document reads the same whatever order springdoc met them in.
        api.getComponents().setSchemas(new TreeMap<>(api.getComponents().getSchemas()));
    }

    private void complete(String name, String path, Operation operation) {
        boolean open = service.publicOperations().contains(name);
        if (operation.getSecurity() == null) {
            operation.setSecurity(open ? List.of() : List.of(new SecurityRequirement().addList(BEARER)));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean body = operation.getRequestBody() != null;
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        parameters.stream().filter(p -> p.getDescription() == null)
                .forEach(p -> p.setDescription(PARAMETERS.get(p.getName())));
        if (body || parameters.stream().anyMatch(p -> "query".equals(p.getIn()) || isTyped(p))) {
            responses.putIfAbsent("400", new ApiResponse().description("Invalid input: a malformed body or "
                    + "parameter, an unknown value or one out of range; `errors` names every bad field, and nothing "
                    + "is stored"));
        }
        if (!open) {
            responses.putIfAbsent("401", new ApiResponse().description("No bearer token, or one that is malformed, "
                    + "expired, not ours, or revoked (`/problems/token-revoked`)"));
            responses.putIfAbsent("403", new ApiResponse().description("The token's role may not do this, or a "
                    + "REPORTER's token is for another day (or another reporter's report)"));
        }
        if (path.contains("{") && !service.neverNotFound().contains(name)) {
            responses.putIfAbsent("404", new ApiResponse().description("No such day of action (or report, "
                    + "reporter or job, as the path names it)"));
        }
        if (body && service.bodyLimit() != null) {
            responses.putIfAbsent("413", new ApiResponse().description(service.bodyLimit()));
        }
        if (!service.unlimitedOperations().contains(name)) {
            responses.putIfAbsent("429", new ApiResponse().description("Too many requests from this caller: "
                    + "retry after the seconds `Retry-After` says"));
        }
        responses.replaceAll((status, response) -> status.startsWith("4") || status.startsWith("5")
                ? problem(Integer.parseInt(status), response)
                : status.equals("204") || status.equals("304") ? response.content(null) : response);
        // 2xx first, then the problems in order of status.
        Map<String, ApiResponse> sorted = new TreeMap<>(responses);
        responses.clear();
        responses.putAll(sorted);
    }

    /** A path parameter of a type of its own (a UUID, a number) is refused with 400 when malformed. */
    private static boolean isTyped(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        return "path".equals(parameter.getIn()) && schema != null && (schema.getFormat() != null
                || !(schema.getTypes() == null ? Set.of(String.valueOf(schema.getType())) : schema.getTypes())
                .equals(Set.of("string")));
    }

    /** The problem as the answer's content (replacing anything springdoc inferred from the method's return type). */
    private static ApiResponse problem(int status, ApiResponse response) {
        MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                .example(example(status));
        response.setContent(new Content().addMediaType(PROBLEM_JSON, problem));
        if (status == 429 || status == 503) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before asking again")
                    .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)));
        }
        if (status == 401) {
            response.addHeaderObject("WWW-Authenticate", new Header().description("`Bearer`")
                    .schema(new StringSchema()));
        }
        return response;
    }

    /** A problem of this status as the service writes one. */
    static Map<String, Object> example(int status) {
        Map<String, Object> problem = new LinkedHashMap<>();
        switch (status) {
            case 400 -> {
                problem.put("type", "/problems/invalid-input");
                problem.put("title", "Invalid input");
                problem.put("status", 400);
                problem.put("detail", "observedAt: must not be more than 5 minutes in the future");
                problem.put("errors", List.of(Map.of("field", "observedAt",
                        "message", "must not be more than 5 minutes in the future")));
            }
            case 401 -> put(problem, "/problems/unauthorized", "Unauthorized", 401, "A valid bearer token is required");
            case 403 -> put(problem, "/problems/forbidden", "Forbidden", 403, "Your role may not do this");
            case 404 -> put(problem, "/problems/not-found", "Not found", 404, "No day of action twin-cities-2026-01-23");
            case 409 -> put(problem, "/problems/day-closed", "Conflict", 409,
                    "Day twin-cities-2026-01-23 is CLOSED and takes no more changes");
            case 413 -> put(problem, "/problems/body-too-large", "Content Too Large", 413,
                    "The request body is larger than 65536 bytes");
            case 429 -> put(problem, "/problems/too-many-requests", "Too Many Requests", 429,
                    "Over the limit of 20 requests a second (bursts of 60); retry after 1 s");
            case 503 -> put(problem, "about:blank", "Busy", 503,
                    "Every download connection is in use; retry after 5 s");
            default -> put(problem, "about:blank", "Error", status, "The request failed");
        }
        return problem;
    }

    private static void put(Map<String, Object> problem, String type, String title, int status, String detail) {
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
    }

    /** The problem, its field errors and GeoJSON, as both documents name them. */
    static Map<String, Schema<?>> sharedSchemas() {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        schemas.put(FIELD_ERROR, new ObjectSchema().description("One bad field of a request, and what is wrong with it")
                .addProperty("field", new StringSchema().description("The field's path in the body (`business.location"
                        + ".lat`, `reports[3].observedAt`) or the parameter's name").example("observedAt"))
                .addProperty("message", new StringSchema().description("What is wrong with it")
                        .example("must not be more than 5 minutes in the future"))
                .required(List.of("field", "message")));
        schemas.put(PROBLEM, new ObjectSchema().description("An RFC 9457 problem: every error is one, as "
                        + "`application/problem+json`. Its `type` is stable (`/problems/invalid-input`, "
                        + "`/problems/not-found`, `/problems/conflict`, `/problems/day-status`, `/problems/day-closed`, "
                        + "`/problems/day-exists`, `/problems/report-id-taken`, `/problems/report-retracted`, "
                        + "`/problems/invite-used`, `/problems/invite-expired`, `/problems/unauthorized`, "
                        + "`/problems/token-revoked`, `/problems/forbidden`, `/problems/too-many-requests`, "
                        + "`/problems/body-too-large`), so a client may show its own words for it")
                .addProperty("type", new StringSchema().format("uri-reference").description("The kind of problem")
                        .example("/problems/invalid-input"))
                .addProperty("title", new StringSchema().description("A short summary of the kind of problem")
                        .example("Invalid input"))
                .addProperty("status", new IntegerSchema().description("The HTTP status").example(400))
                .addProperty("detail", new StringSchema().description("What went wrong with this request")
                        .example("observedAt: must not be more than 5 minutes in the future"))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("The request's path, where the service gives it"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/"
                        + FIELD_ERROR)).description("For invalid input: every bad field"))
                .required(List.of("type", "title", "status")));
        schemas.put(FEATURE, new ObjectSchema().description("A GeoJSON Feature (RFC 7946)")
                .addProperty("type", new StringSchema()._enum(List.of("Feature")))
                .addProperty("id", new Schema<>().description("The feature's id, where it has one"))
                .addProperty("geometry", new ObjectSchema().description("A GeoJSON geometry (`Point`, `Polygon`, "
                        + "`MultiPolygon` …) with its `coordinates` as [lon, lat]"))
                .addProperty("properties", new ObjectSchema().description("What the feature is; each answer says "
                        + "which properties it carries"))
                .required(List.of("type", "geometry", "properties")));
        schemas.put(FEATURE_COLLECTION, new ObjectSchema().description("A GeoJSON FeatureCollection (RFC 7946)")
                .addProperty("type", new StringSchema()._enum(List.of("FeatureCollection")))
                .addProperty("features", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FEATURE)))
                .required(List.of("type", "features")));
        return schemas;
    }
}
