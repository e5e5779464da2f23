package org.standstill.bench.benchmarks;

import org.standstill.bench.Api;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs timed from sending the request to the last byte of the answer received, before anything is parsed: what a
 * client waits for, without the benchmark's own JSON parsing in the figure.
 */
final class Timed {

    /** An answer and how long it took. */
    record Answer(int status, byte[] body, double millis) {

        JsonNode json() {
            return Api.JSON.readTree(body);
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    Timed(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    Answer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            long sent = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double millis = (System.nanoTime() - sent) / 1e6;
            return new Answer(response.statusCode(), response.body(), millis);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #get}, failing unless the answer is 200. */
    Answer ok(String path) {
        Answer answer = get(path);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + path + ": expected 200, got " + answer.status() + " " + answer.text());
        }
        return answer;
    }
}
