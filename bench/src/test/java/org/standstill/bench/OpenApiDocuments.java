package org.standstill.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** Each service's OpenAPI document as it serves it at {@code /v3/api-docs}, kept in {@code bench/target/openapi}. */
final class OpenApiDocuments {

    static final Path FOLDER = Platform.home().resolve("bench").resolve("target").resolve("openapi");

    record Document(String service, Path file, JsonNode json) {
    }

    private OpenApiDocuments() {
    }

    static Document command(Platform platform) throws IOException, InterruptedException {
        return download("command-service", platform.commandUrl());
    }

    static Document query(Platform platform) throws IOException, InterruptedException {
        return download("query-service", platform.queryUrl());
    }

    private static Document download(String service, URI base) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError(service + " answered GET /v3/api-docs with " + answer.statusCode() + ": "
                    + answer.body());
        }
        Files.createDirectories(FOLDER);
        Path file = FOLDER.resolve(service + ".json");
        Files.writeString(file, answer.body());
        return new Document(service, file, Api.JSON.readTree(answer.body()));
    }
}
