package org.standstill.query.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Cache headers ({@link StaticFileCaching}) and ETags ({@link ContentETags}) of the UI's files. */
class StaticFileCachingTest {

    private final StaticFileCaching filter = new StaticFileCaching();

    @Test
    void aWebJarFileNamedWithItsVersion_isKeptForAYear_immutable() throws Exception {
        MockHttpServletResponse response = get("/webjars/leaflet/1.9.4/dist/leaflet.js", 200);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(response.getContentAsString()).isEqualTo("the file");
    }

    @Test
    void otherFiles_areRevalidatedOnEachUse() throws Exception {
        assertThat(get("/js/dashboard/map.js", 200).getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(get("/webjars/idb/build/index.js", 200).getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(get("/", 200).getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(get("/index.html", 304).getHeader("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void aMissingFile_isNotKept_evenAtAVersionedPath() throws Exception {
        assertThat(get("/webjars/leaflet/9.9.9/dist/leaflet.js", 404).getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(get("/nothing-here.js", 404).getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theApiAndTheWebSocket_areLeftAlone() throws Exception {
        for (String path : new String[]{"/api/days", "/api/config", "/api/tiles/1/0/0", "/ws", "/actuator/health",
                "/v3/api-docs"}) {
            assertThat(get(path, 200).getHeader("Cache-Control")).as(path).isNull();
        }
    }

    @Test
    void aFilesETag_isAWeakDigestOfItsContent_thatChangesWithIt() {
        ContentETags etags = new ContentETags();
        String first = etags.apply(new ByteArrayResource("body { color: red }".getBytes(StandardCharsets.UTF_8)));
        String same = etags.apply(new ByteArrayResource("body { color: red }".getBytes(StandardCharsets.UTF_8)));
        String changed = etags.apply(new ByteArrayResource("body { color: blue }".getBytes(StandardCharsets.UTF_8)));
        assertThat(first).matches("W/\"[0-9a-f]{32}\"").isEqualTo(same).isNotEqualTo(changed);
        assertThat(etags.apply(new ClassPathResource("application.yml"))).matches("W/\"[0-9a-f]{32}\"");
    }

    private MockHttpServletResponse get(String path, int status) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                if (status == 404) {
                    resp.sendError(404);
                    return;
                }
                resp.setStatus(status);
                if (status == 200) {
                    resp.getWriter().write("the file");
                }
            }
        }));
        return response;
    }
}
