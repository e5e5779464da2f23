package org.standstill.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A client of the public HTTP contract, as any other client would call it. */
public final class Api {

    /**
     * How long the JDK's HTTP client keeps an idle connection (1,200 s by default): well under Tomcat's 20 s in both services, so
     * the client closes an idle connection before the server does. A POST sent on a connection the server is closing
     * at that moment fails ("header parser received no bytes"), and the client retries only idempotent requests.
     * Read once, when the first client is built: {@link Main} and the test runner (bench/pom.xml) set it.
     */
    static final String KEEP_ALIVE_PROPERTY = "jdk.httpclient.keepalive.timeout";
    static final String KEEP_ALIVE_SECONDS = "10";

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Answer(int status, JsonNode body, String raw) {

        /** The names of the bad fields of a 400 problem. */
        public java.util.List<String> badFields() {
            return body.path("errors").valueStream().map(e -> e.path("field").asString()).toList();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    public Api(URI base) {
        this.base = base;
    }

    public Answer post(String path, String token, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer put(String path, String token, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path, token).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer get(String path, String token) {
        return send(request(path, token).GET());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw == null || raw.isBlank() ? JSON.createObjectNode() : JSON.readTree(raw);
            return new Answer(response.statusCode(), body, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
