package org.standstill.bench;

import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Raw HTTP for the hostile-input and access tests: any method, any bytes, any content type, with or without a
 * Content-Length; answers keep their content type, so that a problem document can be told from anything else.
 */
final class Http {

    /** An answer as it came: status, Content-Type (null if none) and body. */
    record Response(int status, String contentType, String body) {

        /** The body as JSON, or null if it is not JSON. */
        JsonNode json() {
            try {
                return body.isBlank() ? null : Api.JSON.readTree(body);
            } catch (RuntimeException notJson) {
                return null;
            }
        }

        /** Why this is not an RFC 9457 problem of its own status, or null if it is one. */
        String notAProblem() {
            if (contentType == null || !contentType.startsWith("application/problem+json")) {
                return "Content-Type is " + contentType + ", not application/problem+json";
            }
            JsonNode problem = json();
            if (problem == null || !problem.isObject()) {
                return "the body is not a JSON object";
            }
            if (!problem.path("type").isString() || !problem.path("title").isString()) {
                return "type and title must be strings";
            }
            if (problem.path("status").asInt(-1) != status) {
                return "its status " + problem.path("status") + " is not the answer's " + status;
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /**
     * Sends {@code body} (null: none) with {@code contentType} (null: no such header); {@code chunked} sends it with
     * no Content-Length.
     */
    static Response send(URI base, String method, String path, String token, String contentType, byte[] body,
                         boolean chunked) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).method(method, publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
