package org.standstill.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How query-service hands out the UI's files, for phones on slow links: compressed; WebJar files named with their
 * version kept for good; every other file revalidated by ETag (an unchanged one costs a 304); the API as uncached as
 * before. And /api/config gives a phone a command service it can reach.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticFilesIT {

    /** Files smaller than this (Spring Boot's server.compression.min-response-size) are sent as they are. */
    private static final int COMPRESSED_FROM = 2048;
    private static final Pattern WEBJAR = Pattern.compile("(?:src|href)=\"(/webjars/[^\"]+)\"");

    Platform platform;
    StaffClient staff;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(Platform platform) {
        this.platform = platform;
        staff = new StaffClient(platform);
    }

    @Test
    void everyWebJarFileAPageNames_isVersioned_servedImmutable_andCompressed() throws Exception {
        for (String page : List.of("/index.html", "/plan.html", "/audit.html")) {
            String html = new String(get(page, null, false).body(), StandardCharsets.UTF_8);
            Matcher files = WEBJAR.matcher(html);
            int count = 0;
            while (files.find()) {
                count++;
                String path = files.group(1);
                assertThat(path).as(page).matches("/webjars/[^/]+/\\d+\\.\\d+\\.\\d+/.+");
                HttpResponse<byte[]> file = get(path, null, true);
                assertThat(file.statusCode()).as(path).isEqualTo(200);
                assertThat(file.headers().firstValue("Cache-Control")).as(path)
                        .hasValue("public, max-age=31536000, immutable");
                int size = get(path, null, false).body().length;
                if (size >= COMPRESSED_FROM) {
                    assertThat(file.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
                    assertThat(gunzip(file.body())).as(path).hasSize(size);
                    assertThat(file.body().length).as(path).isLessThan(size);
                }
            }
            assertThat(count).as("WebJar files named by " + page).isPositive();
        }
    }

    @Test
    void aPage_isCompressed_andRevalidatedByItsETag_soAnUnchangedOneIsA304() throws Exception {
        HttpResponse<byte[]> page = get("/index.html", null, true);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String etag = page.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = get("/index.html", etag, true);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/js/dashboard/map.js", null, true).headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void apiAnswers_stayUncached() throws Exception {
        HttpResponse<byte[]> days = send(HttpRequest.newBuilder(platform.queryUrl().resolve("/api/days"))
                .header("Authorization", "Bearer " + staff.coordinator).build());
        assertThat(days.statusCode()).isEqualTo(200);
        assertThat(days.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(days.headers().firstValue("ETag")).isEmpty();
        assertThat(get("/api/config", null, false).headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void theConfig_givesAPhoneTheCommandServiceAtTheHostThePhoneUsed() throws Exception {
        int port = platform.queryUrl().getPort();
        JsonNode onThisMachine = new Api(platform.queryUrl()).get("/api/config", null).body();
        assertThat(onThisMachine.path("commandUrl").asString()).isEqualTo(platform.commandUrl().toString());

        // A phone on the network asks with the machine's network address in the Host header.
        String answer;
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/config HTTP/1.1\r\nHost: 192.168.1.20:" + port + "\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 200");
        JsonNode fromAPhone = Api.JSON.readTree(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
        assertThat(fromAPhone.path("commandUrl").asString())
                .isEqualTo("http://192.168.1.20:" + platform.commandUrl().getPort());
    }

    private HttpResponse<byte[]> get(String path, String ifNoneMatch, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.queryUrl().resolve(path));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return send(request.build());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
