package org.standstill.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocumentationTest {

    private final ApiDocumentation documentation = new ApiDocumentation(new ApiDocumentation.Service("Test service",
            "What it does", Set.of("POST /api/join"), Set.of(), Set.of("POST /api/tokens/{tokenId}/revocation"),
            "Too large"));

    @Test
    void aNewOperation_getsBearerSecurity_andEveryProblemItCanAnswer_asProblemJson() {
        Operation batches = operation("200").requestBody(new RequestBody().content(new Content()
                .addMediaType("application/json", new MediaType().schema(new StringSchema()))));
        batches.addParametersItem(new Parameter().in("path").name("dayId").schema(new StringSchema()));

        OpenAPI api = document("/api/days/{dayId}/report-batches", new PathItem().post(batches));

        assertThat(batches.getSecurity()).hasSize(1);
        assertThat(batches.getSecurity().get(0)).containsKey(ApiDocumentation.BEARER);
        assertThat(batches.getResponses().keySet()).containsExactly("200", "400", "401", "403", "404", "413", "429");
        for (String status : List.of("400", "401", "403", "404", "413", "429")) {
            MediaType problem = batches.getResponses().get(status).getContent().get(ApiDocumentation.PROBLEM_JSON);
            assertThat(problem.getSchema().get$ref()).isEqualTo("#/components/schemas/ProblemDetail");
            assertThat(problem.getExample()).asString().contains("status=" + status);
        }
        assertThat(batches.getResponses().get("429").getHeaders()).containsKey("Retry-After");
        assertThat(batches.getParameters().get(0).getDescription()).isEqualTo("The day of action's id");
        assertThat(api.getComponents().getSchemas()).containsKeys("ProblemDetail", "FieldError", "FeatureCollection");
    }

    @Test
    void aPublicOperation_hasNoSecurity_andNo401Or403() {
        Operation join = operation("201").requestBody(new RequestBody());

        document("/api/join", new PathItem().post(join));

        assertThat(join.getSecurity()).isEmpty();
        assertThat(join.getResponses().keySet()).containsExactly("201", "400", "413", "429");
    }

    @Test
    void aDeclaredConflict_getsTheProblemAsItsContent_inPlaceOfTheSuccessBody() {
        Operation open = operation("200");
        open.getResponses().addApiResponse("409", new ApiResponse().description("The day is not PLANNED")
                .content(new Content().addMediaType("application/json", new MediaType())));
        open.addParametersItem(new Parameter().in("path").name("dayId").schema(new StringSchema()));

        document("/api/days/{dayId}/opening", new PathItem().post(open));

        assertThat(open.getResponses().keySet()).containsExactly("200", "401", "403", "404", "409", "429");
        assertThat(open.getResponses().get("409").getDescription()).isEqualTo("The day is not PLANNED");
        assertThat(open.getResponses().get("409").getContent().keySet()).containsExactly(ApiDocumentation.PROBLEM_JSON);
    }

    @Test
    void anOperationNamedAsNeverNotFound_andANoContentAnswer_getNeither404NorContent() {
        Operation revoke = operation("204");
        revoke.getResponses().get("204").content(new Content().addMediaType("*/*", new MediaType()));
        revoke.addParametersItem(new Parameter().in("path").name("tokenId").schema(new StringSchema()));

        document("/api/tokens/{tokenId}/revocation", new PathItem().post(revoke));

        assertThat(revoke.getResponses().keySet()).containsExactly("204", "401", "403", "429");
        assertThat(revoke.getResponses().get("204").getContent()).isNull();
    }

    private static Operation operation(String success) {
        return new Operation().responses(new ApiResponses().addApiResponse(success, new ApiResponse().description("OK")));
    }

    private OpenAPI document(String path, PathItem item) {
        OpenAPI api = documentation.document().paths(new Paths().addPathItem(path, item));
        documentation.customise(api);
        return api;
    }
}
