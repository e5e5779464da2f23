package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the OpenAPI documents promise other clients, checked fact by fact (without the linter): the statuses the
 * operations answer, bearer security where a token is needed and none where it is not, every error as a
 * problem, and a real problem answer of the shape the document gives it.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractIT {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    Platform platform;
    JsonNode command;
    JsonNode query;

    @BeforeAll
    void download(Platform platform) throws Exception {
        this.platform = platform;
        command = OpenApiDocuments.command(platform).json();
        query = OpenApiDocuments.query(platform).json();
    }

    @Test
    void eachDocument_hasItsOwnTitle_theContractsVersion_andARelativeServer() {
        assertThat(command.path("info").path("title").asString()).isEqualTo("Standstill command service");
        assertThat(query.path("info").path("title").asString()).isEqualTo("Standstill query service");
        for (JsonNode document : List.of(command, query)) {
            assertThat(document.path("info").path("version").asString()).isEqualTo("1.1");
            assertThat(document.path("info").path("description").asString()).contains("problem");
            assertThat(document.path("servers").path(0).path("url").asString()).isEqualTo("/");
        }
    }

    @Test
    void creatingOperations_areDocumentedWithTheStatusesTheyAnswer() {
        assertThat(statuses(command, "post", "/api/days")).startsWith("201").doesNotContain("200");
        assertThat(statuses(command, "post", "/api/days/{dayId}/reports")).startsWith("200", "201");
        assertThat(statuses(command, "post", "/api/days/{dayId}/reports/{reportId}/corrections"))
                .startsWith("200", "201");
        assertThat(statuses(command, "post", "/api/tokens")).startsWith("201");
        assertThat(statuses(command, "post", "/api/join")).startsWith("201");
        assertThat(statuses(command, "post", "/api/days/{dayId}/invites")).startsWith("201");
        assertThat(statuses(command, "post", "/api/tokens/{tokenId}/revocation")).startsWith("204")
                .doesNotContain("200", "404");
        assertThat(statuses(command, "post", "/api/days/{dayId}/reporters/{reporterId}/revocation")).startsWith("204");
        assertThat(statuses(command, "post", "/api/days/{dayId}/opening")).startsWith("200").contains("409");
        assertThat(statuses(query, "post", "/api/projections/rebuild")).startsWith("202").contains("409");
        assertThat(statuses(query, "get", "/api/days/{dayId}/tally")).startsWith("200").contains("400", "404");
        assertThat(statuses(query, "get", "/api/days/{dayId}/events.jsonl")).contains("503");
        assertThat(command.path("paths").path("/api/days").path("post").path("responses").path("201").path("content")
                .path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/DayChanged");
    }

    @Test
    void theBearerJwtScheme_coversEveryOperation_butJoiningTheConfigurationAndTiles() {
        for (JsonNode document : List.of(command, query)) {
            JsonNode scheme = document.path("components").path("securitySchemes").path("bearer");
            assertThat(scheme.path("type").asString()).isEqualTo("http");
            assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
            assertThat(scheme.path("bearerFormat").asString()).isEqualTo("JWT");
        }
        Set<String> open = Set.of("post /api/join", "get /api/config", "get /api/tiles/{z}/{x}/{y}");
        for (Operation operation : operations()) {
            JsonNode security = operation.json().path("security");
            Set<String> statuses = names(operation.json().path("responses"));
            if (open.contains(operation.name())) {
                assertThat(security.isArray() && security.isEmpty()).as(operation.name() + " needs no token").isTrue();
                assertThat(statuses).as(operation.name()).doesNotContain("401", "403");
            } else {
                assertThat(security.path(0).has("bearer")).as(operation.name() + " needs a bearer token").isTrue();
                assertThat(statuses).as(operation.name()).contains("401", "403", "429");
            }
        }
        assertThat(operations()).extracting(Operation::name).containsAll(open);
    }

    @Test
    void everyErrorAnswer_isAProblem_andEveryOperationHasASummaryAUniqueIdAndATag() {
        Set<String> ids = new HashSet<>();
        for (Operation operation : operations()) {
            JsonNode json = operation.json();
            assertThat(json.path("summary").asString()).as(operation.name()).isNotBlank();
            assertThat(ids.add(json.path("operationId").asString())).as(operation.name() + "'s operationId").isTrue();
            assertThat(json.path("tags").path(0).asString()).as(operation.name()).isNotBlank();
            for (Map.Entry<String, JsonNode> answer : json.path("responses").properties()) {
                if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                    assertThat(names(answer.getValue().path("content"))).as(operation.name() + " " + answer.getKey())
                            .containsExactly("application/problem+json");
                    assertThat(answer.getValue().path("content").path("application/problem+json").path("schema")
                            .path("$ref").asString()).isEqualTo("#/components/schemas/ProblemDetail");
                }
            }
        }
        assertThat(statuses(command, "post", "/api/days")).contains("400", "401", "403", "409", "413", "429");
        assertThat(statuses(query, "get", "/api/days/{dayId}/reports")).contains("400", "404");
    }

    @Test
    void aRealProblemAnswer_hasTheShapeOfTheDocumentedProblemDetail() {
        JsonNode schema = command.path("components").path("schemas").path("ProblemDetail");
        Set<String> documented = names(schema.path("properties"));
        assertThat(documented).contains("type", "title", "status", "detail", "errors");
        JsonNode fieldError = command.path("components").path("schemas").path("FieldError");
        assertThat(names(fieldError.path("properties"))).containsExactlyInAnyOrder("field", "message");
        assertThat(query.path("components").path("schemas").path("ProblemDetail")).isEqualTo(schema);

        Api.Answer refused = new Api(platform.commandUrl()).post("/api/days", platform.adminToken(),
                Map.of("id", "x", "name", ""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(documented).containsAll(names(refused.body()));
        for (JsonNode required : schema.path("required")) {
            assertThat(refused.body().has(required.asString())).as(required.asString()).isTrue();
        }
        assertThat(refused.body().path("errors").path(0).has("field")).isTrue();
        assertThat(refused.body().path("errors").path(0).has("message")).isTrue();
        JsonNode example = command.path("paths").path("/api/days").path("post").path("responses").path("400")
                .path("content").path("application/problem+json").path("example");
        assertThat(example.path("type").asString()).isEqualTo(refused.body().path("type").asString());
    }

    @Test
    void theDocumentedExamples_ofPlanningADayAndOfEachKindOfReport_areAnsweredWithTheDocumentedStatusAndSchema() {
        Api api = new Api(platform.commandUrl());
        JsonNode plan = command.path("paths").path("/api/days").path("post");
        ObjectNode day = (ObjectNode) plan.path("requestBody").path("content").path("application/json")
                .path("examples").path("twin-cities").path("value").deepCopy();
        String dayId = "openapi-example-" + UUID.randomUUID().toString().substring(0, 8);
        day.put("id", dayId);

        Api.Answer planned = api.post("/api/days", platform.adminToken(), day);

        assertThat(planned.status()).as(planned.raw()).isEqualTo(201);
        assertThat(names(planned.body())).isEqualTo(properties("DayChanged"));

        JsonNode submit = command.path("paths").path("/api/days/{dayId}/reports").path("post");
        JsonNode examples = submit.path("requestBody").path("content").path("application/json").path("examples");
        assertThat(names(examples)).containsExactlyInAnyOrder("closure", "walkout", "headcount");
        for (String kind : names(examples)) {
            ObjectNode report = (ObjectNode) examples.path(kind).path("value").deepCopy();
            report.put("reportId", UUID.randomUUID().toString());

            Api.Answer stored = api.post("/api/days/" + dayId + "/reports", platform.adminToken(), report);
            Api.Answer again = api.post("/api/days/" + dayId + "/reports", platform.adminToken(), report);

            assertThat(stored.status()).as(kind + ": " + stored.raw()).isEqualTo(201);
            assertThat(again.status()).as(kind + " again").isEqualTo(200);
            assertThat(names(stored.body())).as(kind).isEqualTo(properties("ReportAccepted"));
            String mapped = command.path("components").path("schemas").path("ReportRequest").path("discriminator")
                    .path("mapping").path(report.path("kind").asString()).asString();
            assertThat(mapped).as(kind).isEqualTo("#/components/schemas/" + switch (report.path("kind").asString()) {
                case "CLOSURE" -> "ClosureRequest";
                case "WALKOUT" -> "WalkoutRequest";
                default -> "HeadcountRequest";
            });
        }
    }

    private Set<String> properties(String schema) {
        return names(command.path("components").path("schemas").path(schema).path("properties"));
    }

    private record Operation(String name, JsonNode json) {
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (JsonNode document : List.of(command, query)) {
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    if (METHODS.contains(method.getKey())) {
                        operations.add(new Operation(method.getKey() + " " + path.getKey(), method.getValue()));
                    }
                }
            }
        }
        return operations;
    }

    private static List<String> statuses(JsonNode document, String method, String path) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isObject()).as(method + " " + path + " is documented").isTrue();
        return new ArrayList<>(names(operation.path("responses")));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new java.util.LinkedHashSet<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
