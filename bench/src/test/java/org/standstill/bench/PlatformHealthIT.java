package org.standstill.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PlatformExtension.class)
class PlatformHealthIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bothServices_answerHealth200(Platform platform) throws IOException, InterruptedException {
        assertThat(get(platform.commandUrl().resolve("/actuator/health")).statusCode()).isEqualTo(200);
        assertThat(get(platform.queryUrl().resolve("/actuator/health")).statusCode()).isEqualTo(200);
    }

    @Test
    void queryService_answersConfig_namingTheCommandService(Platform platform) throws IOException, InterruptedException {
        HttpResponse<String> config = get(platform.queryUrl().resolve("/api/config"));

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains(platform.commandUrl().getAuthority());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
    }
}
